using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.ServiceDefaults.Calls;

public static class CustomersClientRegistration
{
    // A client of Customers for the calls a service makes while serving a caller (DESIGN.md
    // "Tenancy and security"): the caller's own bearer token goes along as call credentials, and
    // the caller's deadline and cancellation with it (Grpc.Net.ClientFactory's call-context
    // propagation), so no code has to forward them by hand and none can forget to. gRPC and REST
    // (JSON transcoding) callers alike: both arrive as an HttpContext. Only for calls made inside
    // a served call: outside one, propagation has no deadline to take and throws. A name keeps it
    // apart from another registration of the same client type (a feed's own client).
    public static IHttpClientBuilder AddCustomersClientForCaller<TClient>(this IServiceCollection services, string? name = null)
        where TClient : class
    {
        services.AddHttpContextAccessor();
        var address = new Uri(RemoteTokenAuthenticationExtensions.CustomersAddress);
        var client = name is null
            ? services.AddGrpcClient<TClient>(options => options.Address = address)
            : services.AddGrpcClient<TClient>(name, options => options.Address = address);
        return client
            .AddCallCredentials(ForwardCallersToken)
            // Services reach each other over cleartext HTTP/2 inside the deployment (DESIGN.md
            // "Configuration and discovery"); without this the token would silently stay behind.
            .ConfigureChannel(channel => channel.UnsafeUseInsecureChannelCallCredentials = true)
            .EnableCallContextPropagation();
    }

    private static Task ForwardCallersToken(AuthInterceptorContext context, Metadata metadata, IServiceProvider services)
    {
        var authorization = services.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request.Headers.Authorization.ToString();
        if (BearerToken.FromHeader(authorization) is { } token)
        {
            metadata.Add(BearerToken.Header(token)[0]);
        }

        return Task.CompletedTask;
    }
}
