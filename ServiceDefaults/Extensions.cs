using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Grpc;
using Deployteq.ServiceDefaults.Hosting;
using Deployteq.ServiceDefaults.Rest;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

// What Aspire's ServiceDefaults template gives a service, built from packages we can restore,
// split as eShop does:
// - AddBasicServiceDefaults: telemetry, health checks, service discovery, and the standard
//   resilience handler on every HttpClient (a client that holds a stream opts out with
//   WithoutStandardResilience) — enough for a service that is mostly a client;
// - AddGrpcServerDefaults: what every gRPC server of ours shares on top: authentication that is
//   closed by default, error mapping, requests that cannot be read answered INVALID_ARGUMENT,
//   one log line per refused call, gRPC health and reflection;
// - AddServiceDefaults: both.
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    // configureGrpc: more for the gRPC server, e.g. grpc => grpc.AddJsonTranscoding().
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, Action<IGrpcServerBuilder>? configureGrpc = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddBasicServiceDefaults();
        builder.AddGrpcServerDefaults(configureGrpc);
        return builder;
    }

    public static TBuilder AddBasicServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.ConfigureServiceEndpoints();
        builder.ConfigureDefaultLogLevels();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddSingleton(TimeProvider.System);
        if (ParentProcessWatch.IsWanted(builder.Configuration))
        {
            builder.Services.AddHostedService<ParentProcessWatch>();
        }

        return builder;
    }

    // Configure gRPC through configureGrpc, not by a later AddGrpc(): that would put back the
    // binder ReadableRequestMethodProvider replaces (and the service would refuse to start).
    public static TBuilder AddGrpcServerDefaults<TBuilder>(this TBuilder builder, Action<IGrpcServerBuilder>? configureGrpc = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<ErrorMappingInterceptor>();
        builder.Services.AddSingleton<AuthenticationInterceptor>();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.AddOptions<InternalKeyOptions>().BindConfiguration(InternalKeyOptions.SectionName);
        var grpc = builder.Services.AddGrpc(options =>
        {
            // Outermost first: errors thrown by authentication are mapped too.
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<AuthenticationInterceptor>();
        });
        configureGrpc?.Invoke(grpc);
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();
        builder.Services.UseReadableRequestMethodProvider();
        builder.Services.AddTransient<IStartupFilter, CallOutcomeStartupFilter>();
        return builder;
    }

    private const string ServerCallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    // Below Warning, ASP.NET Core, grpc-dotnet and HttpClient (every call to another service) write
    // lines for every request and every refused call (with a stack for a message that could not be
    // read); CallOutcomeMiddleware writes the one line that matters. Configuration (appsettings,
    // Logging__LogLevel__Grpc=Debug) still wins.
    public static TBuilder ConfigureDefaultLogLevels<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        foreach (var category in new[] { "Microsoft.AspNetCore", "Grpc", "System.Net.Http.HttpClient", "StackExchange.Redis", "Polly" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }

        // grpc-dotnet logs an Error with a stack for a request frame it cannot read (a bad
        // compression flag): the caller's fault. What escapes a handler is logged by
        // ErrorMappingInterceptor, and what fails outside it by CallOutcomeMiddleware, once each.
        if (builder.Configuration[$"Logging:LogLevel:{ServerCallHandlerCategory}"] is null)
        {
            builder.Logging.AddFilter(ServerCallHandlerCategory, LogLevel.None);
        }

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .SetSampler(new RootClientSpanSampler())
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every few seconds would drown the traces that matter.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation());

        // Exporters only when an endpoint is configured, as in Aspire.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        else
        {
            // With nobody to send them to, a span per Redis command (Aspire.StackExchange.Redis's
            // profiler) is pure cost on every hot path; configuration can still turn it on.
            builder.Configuration["Aspire:StackExchange:Redis:DisableTracing"] ??= "true";
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    // /health and /alive; with AddGrpcServerDefaults also gRPC health and reflection; with
    // AddRestApi the OpenAPI document and its reference.
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapRestApi();
        // Ready: every check, Redis included. Live: the process answers.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        });
        if (app.Services.GetService<AuthenticationInterceptor>() is not null)
        {
            app.MapGrpcHealthChecksService();
            app.MapGrpcReflectionService();
        }

        return app;
    }
}
