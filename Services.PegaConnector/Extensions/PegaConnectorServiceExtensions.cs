using Deployteq.PegaConnector.Delivery;
using Deployteq.PegaConnector.Grpc;
using Deployteq.PegaConnector.Security;
using Deployteq.PegaConnector.Storage;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Deployteq.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using ConnectorTokensClient = Deployteq.Customers.V1.ConnectorTokens.ConnectorTokensClient;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Extensions;

public static class PegaConnectorServiceExtensions
{
    // Events' gRPC endpoint by name (services__events__grpc__0).
    public const string EventsAddress = "http://_grpc.events";

    public static IHostApplicationBuilder AddPegaConnectorServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis");
        builder.Services.AddOptions<PegaConnectorOptions>()
            .BindConfiguration(PegaConnectorOptions.SectionName)
            .Validate(
                options => options.MaxInFlight is > 0 and <= 1024 && options.MinInFlight is > 0 && options.MinInFlight <= options.MaxInFlight
                    && options.HttpTimeout > TimeSpan.Zero
                    && options.LeaseRenewInterval > TimeSpan.Zero && options.LeaseLifetime > options.LeaseRenewInterval * 2
                    && options.RetryWindow >= TimeSpan.Zero && options.RetryBaseDelay > TimeSpan.Zero && options.ScanInterval > TimeSpan.Zero,
                "PegaConnector: 0 < MinInFlight <= MaxInFlight <= 1024, positive timings, LeaseLifetime more than twice LeaseRenewInterval.")
            .ValidateOnStart();

        // Callers' tokens are checked by Customers, which also issues each installation's Events
        // token for the caller (their `pega` token and deadline go along): unary calls, standard
        // resilience.
        builder.AddRemoteTokenAuthentication();
        builder.Services.AddCustomersClientForCaller<ConnectorTokensClient>();
        AddStreamingEventsClient(builder.Services);

        // Passwords and Events tokens are encrypted with a key ring every connector process shares.
        builder.Services.AddDataProtection().SetApplicationName("Deployteq.PegaConnector");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), PegaConnectorKeys.DataProtectionKeys));
        builder.Services.AddSingleton<CredentialProtector>();

        builder.Services.AddSingleton<IInstallationStore, RedisInstallationStore>();
        builder.Services.AddSingleton<IDeliveryStore, RedisDeliveryStore>();
        builder.Services.AddSingleton<EndpointValidator>();
        builder.Services.AddTransient<RetentionProbe>();
        builder.Services.AddSingleton<ConnectorInstance>();
        builder.Services.AddSingleton<PegaHttpClient>();
        builder.Services.AddSingleton<ConnectorMetrics>();
        AddDeliveryStages(builder.Services);
        builder.Services.AddHostedService<DeliverySupervisor>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ConnectorMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(DeliveryTrace.SourceName));
        return builder;
    }

    public static WebApplication MapPegaConnectorServices(this WebApplication app)
    {
        app.MapGrpcService<InstallationsService>();
        return app;
    }

    // One scope per delivery session: the stages of one installation with one set of settings.
    private static void AddDeliveryStages(IServiceCollection services)
    {
        services.AddScoped<SessionContext>();
        services.AddScoped<SessionStatus>();
        services.AddScoped<SessionReport>();
        services.AddScoped<EndpointGate>();
        services.AddScoped(provider => new AdaptiveConcurrency(
            provider.GetRequiredService<IOptions<PegaConnectorOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
        services.AddScoped<PegaSender>();
        services.AddScoped<DeliveryIntake>();
        services.AddScoped<ActivityReader>();
        services.AddScoped<RedriveFeed>();
        services.AddScoped<Claimer>();
        services.AddScoped<DeliveryScheduler>();
        services.AddScoped<OutcomeRecorder>();
        services.AddScoped<DeliverySession>();
    }

    // Subscribe is a stream that lives for days: no standard resilience handler (its 30 s total
    // timeout, its retries); the session resumes from its last cursor itself.
    private static void AddStreamingEventsClient(IServiceCollection services) =>
        services.AddGrpcClient<EventsClient>(options => options.Address = new Uri(EventsAddress)).AsLongLivedStreamClient();
}
