using Deployteq.Customers.Auth;
using Deployteq.Customers.Changes;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Deployteq.Customers.Extensions;

public static class CustomersServiceExtensions
{
    public static IHostApplicationBuilder AddCustomersServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis");
        builder.Services.AddSingleton<ICustomerStore, RedisCustomerStore>();
        builder.Services.AddSingleton<IGroupStore, RedisGroupStore>();
        builder.Services.AddSingleton<ITenantStore, RedisTenantStore>();

        // The change feed: written by the customer scripts, served by WatchCustomerChanges.
        builder.Services.AddOptions<ChangeFeedOptions>()
            .BindConfiguration(ChangeFeedOptions.SectionName)
            .Validate(
                changes => changes.Retention > TimeSpan.Zero && changes.ProgressInterval > TimeSpan.Zero && changes.SweepInterval > TimeSpan.Zero,
                "Customers:Changes: Retention, ProgressInterval and SweepInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IChangeFeedStore, RedisChangeFeedStore>();
        builder.Services.AddSingleton<ChangeFollower>();
        builder.Services.AddSingleton<FollowerLeases>();
        builder.Services.AddHostedService<ChangeRetentionSweeper>();

        // Tokens are verified in Redis once, then kept in memory while this instance hears the
        // revocation feed, which it also serves to the other services.
        builder.Services.TryAddSingleton<TokenCache>();
        builder.Services.AddSingleton<ITokenVerifier, RedisTokenVerifier>();
        builder.Services.AddSingleton<ITokenAuthenticator, CachedTokenAuthenticator>();
        builder.Services.AddSingleton<StreamTokenWatch>();
        builder.Services.AddSingleton<RevocationHub>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RevocationHub>());
        builder.Services.AddSingleton<IConnectorTokenStore, RedisConnectorTokenStore>();
        return builder;
    }

    public static WebApplication MapCustomersServices(this WebApplication app)
    {
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<IdentityService>();
        app.MapGrpcService<CustomersService>();
        app.MapGrpcService<GroupsService>();
        app.MapGrpcService<MailabilityService>();
        app.MapGrpcService<ConnectorTokensService>();
        return app;
    }
}
