using Deployteq.Events.Emitting;
using Deployteq.Events.Enrichment;
using Deployteq.Events.Grpc;
using Deployteq.Events.Storage;
using Deployteq.Events.Streaming;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Deployteq.ServiceDefaults.Hosting;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Events.Extensions;

public static class EventsServiceExtensions
{
    public static IHostApplicationBuilder AddEventsServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis");
        builder.Services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .Validate(
                events => events.Retention > TimeSpan.Zero && events.PollInterval > TimeSpan.Zero
                    && events.ProgressInterval > TimeSpan.Zero
                    && events.ClaimLifetime > TimeSpan.Zero && events.RetentionSweepInterval > TimeSpan.Zero
                    && events.TokenRecheckInterval > TimeSpan.Zero && events.CustomerCacheLifetime >= TimeSpan.Zero
                    && events.CustomerFeedSilenceLimit > TimeSpan.Zero,
                "Events: Retention, PollInterval, ProgressInterval, ClaimLifetime, RetentionSweepInterval and TokenRecheckInterval must be positive.")
            .ValidateOnStart();

        // Callers' tokens are checked by Customers, and go along (with the caller's deadline) on
        // the calls made for them. Unary calls: the standard resilience handler (30 s in all)
        // suits them.
        builder.AddRemoteTokenAuthentication();
        // Customers' change feed, one watch per brand whose customers are kept;
        // registered before the clients for callers, since injection gives the last registration.
        builder.Services.AddGrpcClient<CustomersClient>(CustomerChangeWatch.ClientName, options => options.Address = new Uri(RemoteTokenAuthenticationExtensions.CustomersAddress))
            .AsLongLivedStreamClient();
        builder.Services.AddSingleton<CustomerChangeWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CustomerChangeWatch>());

        builder.Services.AddCustomersClientForCaller<CustomersClient>();
        builder.Services.AddCustomersClientForCaller<MailabilityClient>();

        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<IActivityStore, RedisActivityStore>();
        builder.Services.AddSingleton<UserAgentClassifier>();
        builder.Services.AddSingleton<ActivityBuilder>();
        builder.Services.AddSingleton<UuidClaims>();
        builder.Services.AddSingleton<EmitMetrics>();
        // Transient like the gRPC clients they use.
        builder.Services.AddTransient<ICustomerLookup, CustomerLookup>();
        builder.Services.AddTransient<IMailabilityRecorder, MailabilityRecorder>();
        builder.Services.AddTransient<ActivityEnricher>();
        builder.Services.AddTransient<ActivityEmitter>();
        builder.Services.AddSingleton<ActivityFeed>();
        builder.Services.AddTransient<TokenWatch>();
        builder.Services.AddHostedService<RetentionSweeper>();
        return builder;
    }

    public static WebApplication MapEventsServices(this WebApplication app)
    {
        app.MapGrpcService<EventsService>();
        return app;
    }
}
