using Deployteq.Customers.Auth;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Auth;

namespace Deployteq.Customers.Extensions;

public static class CustomersServiceExtensions
{
    public static IHostApplicationBuilder AddCustomersServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("redis");
        builder.Services.AddSingleton<ICustomerStore, RedisCustomerStore>();
        builder.Services.AddSingleton<IGroupStore, RedisGroupStore>();
        builder.Services.AddSingleton<ITenantStore, RedisTenantStore>();
        builder.Services.AddSingleton<IConnectorTokenStore, RedisConnectorTokenStore>();
        builder.Services.AddSingleton<ITokenAuthenticator, RedisTokenAuthenticator>();
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
