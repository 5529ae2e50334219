using Deployteq.Customers.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Deployteq.ServiceDefaults.Auth;

public static class RemoteTokenAuthenticationExtensions
{
    // Customers' gRPC endpoint by name, resolved by service discovery from
    // services:customers:grpc:0 (services__customers__grpc__0 as Aspire sets it).
    public const string CustomersAddress = "http://_grpc.customers";

    // For every service but Customers: callers' tokens are checked by Customers. The Identity
    // client gets the standard resilience handler of AddServiceDefaults, right for a unary call.
    public static TBuilder AddRemoteTokenAuthentication<TBuilder>(this TBuilder builder, string customersAddress = CustomersAddress)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddGrpcClient<Identity.IdentityClient>(options => options.Address = new Uri(customersAddress));
        builder.Services.AddTransient<ITokenAuthenticator, RemoteTokenAuthenticator>();
        return builder;
    }
}
