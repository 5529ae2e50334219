using Deployteq.ServiceDefaults.Auth;
using Grpc.AspNetCore.Server;

namespace Deployteq.Events.Enrichment;

public static class CustomersClientRegistration
{
    // A client of Customers that calls on behalf of the gRPC call being served (DESIGN.md "Tenancy
    // and security"): the caller's own bearer token goes along as call credentials, and the
    // caller's deadline and cancellation with it (Grpc.Net.ClientFactory's call-context
    // propagation), so no code has to forward them by hand and none can forget to.
    public static IHttpClientBuilder AddCustomersClient<TClient>(this IServiceCollection services) where TClient : class =>
        services
            .AddGrpcClient<TClient>(options => options.Address = new Uri(RemoteTokenAuthenticationExtensions.CustomersAddress))
            .AddCallCredentials((_, metadata, serviceProvider) =>
            {
                var call = serviceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext?
                    .Features.Get<IServerCallContextFeature>()?.ServerCallContext;
                if (call?.GetBearerToken() is { } token)
                {
                    metadata.Add(BearerToken.Header(token)[0]);
                }

                return Task.CompletedTask;
            })
            // Services reach each other over cleartext HTTP/2 inside the deployment (DESIGN.md
            // "Configuration and discovery"); without this the token would silently stay behind.
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true)
            .EnableCallContextPropagation();
}
