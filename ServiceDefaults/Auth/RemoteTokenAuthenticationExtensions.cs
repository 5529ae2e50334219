using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Deployteq.ServiceDefaults.Auth;

public static class RemoteTokenAuthenticationExtensions
{
    // Customers' gRPC endpoint by name, resolved by service discovery from
    // services:customers:grpc:0 (services__customers__grpc__0 as Aspire sets it).
    public const string CustomersAddress = "http://_grpc.customers";

    // For every service but Customers: callers' tokens are verified by Customers once, then kept
    // in memory while Customers' revocation feed (watched with Internal:Key) keeps them right.
    // The WhoAmI client gets the standard resilience handler of AddServiceDefaults, right for a
    // unary call; the feed's client none, as it is a stream.
    public static TBuilder AddRemoteTokenAuthentication<TBuilder>(this TBuilder builder, string customersAddress = CustomersAddress)
        where TBuilder : IHostApplicationBuilder
    {
        var address = new Uri(customersAddress);
        builder.Services.AddGrpcClient<Identity.IdentityClient>(RevocationFeedListener.ClientName, options => options.Address = address)
            .AsLongLivedStreamClient();

        // After the named one: the last registration of a client type is what injection gives.
        builder.Services.AddGrpcClient<Identity.IdentityClient>(options => options.Address = address);
        builder.Services.TryAddSingleton<TokenCache>();
        builder.Services.AddTransient<ITokenVerifier, RemoteTokenVerifier>();
        builder.Services.AddTransient<ITokenAuthenticator, CachedTokenAuthenticator>();
        builder.Services.AddHostedService<RevocationFeedListener>();
        return builder;
    }
}
