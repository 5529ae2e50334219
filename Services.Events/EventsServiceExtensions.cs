using Deployteq.Events.Emitting;
using Deployteq.Events.Enrichment;
using Deployteq.Events.Storage;
using Deployteq.Events.Streaming;
using Deployteq.ServiceDefaults.Auth;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Events;

public static class EventsServiceExtensions
{
    public static TBuilder AddEventsServices<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<EventsOptions>()
            .BindConfiguration(EventsOptions.SectionName)
            .Validate(
                events => events.Retention > TimeSpan.Zero && events.PollInterval > TimeSpan.Zero
                    && events.ClaimLifetime > TimeSpan.Zero && events.RetentionSweepInterval > TimeSpan.Zero
                    && events.TokenRecheckInterval > TimeSpan.Zero && events.CustomerCacheLifetime >= TimeSpan.Zero,
                "Events: Retention, PollInterval, ClaimLifetime, RetentionSweepInterval and TokenRecheckInterval must be positive.")
            .ValidateOnStart();

        // Callers' tokens are checked by Customers, and forwarded to it for enrichment and
        // mailability. Unary calls: the standard resilience handler (30 s in all) suits them.
        builder.AddRemoteTokenAuthentication();
        var customers = new Uri(RemoteTokenAuthenticationExtensions.CustomersAddress);
        builder.Services.AddGrpcClient<CustomersClient>(options => options.Address = customers);
        builder.Services.AddGrpcClient<MailabilityClient>(options => options.Address = customers);

        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<IActivityStore, RedisActivityStore>();
        builder.Services.AddSingleton<UserAgentClassifier>();
        // Transient like the gRPC clients they use.
        builder.Services.AddTransient<ICustomerDirectory, CustomerDirectory>();
        builder.Services.AddTransient<IMailabilityRecorder, MailabilityRecorder>();
        builder.Services.AddTransient<ActivityEmitter>();
        builder.Services.AddSingleton<ActivityFeed>();
        builder.Services.AddTransient<TokenWatch>();
        builder.Services.AddHostedService<RetentionSweeper>();
        return builder;
    }
}
