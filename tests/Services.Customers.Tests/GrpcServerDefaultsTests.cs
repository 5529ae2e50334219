using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Deployteq.Customers.Tests;

// AddGrpcServerDefaults maps each method once, through the provider that reads requests.
public sealed class GrpcServerDefaultsTests
{
    [Fact]
    public async Task Each_method_is_mapped_once()
    {
        await using var app = Build(addGrpcAgain: false);
        Map(app);

        var paths = Paths(app);

        Assert.Equal(paths.Distinct().Count(), paths.Count);
        Assert.Contains("/deployteq.customers.v1.Identity/WhoAmI", paths);
    }

    [Fact]
    public async Task An_AddGrpc_after_the_defaults_is_refused_with_a_message_that_says_what_to_do()
    {
        await using var app = Build(addGrpcAgain: true);

        var error = Assert.Throws<InvalidOperationException>(() => Map(app));

        Assert.Contains("AddGrpc ran after AddGrpcServerDefaults", error.ToString());
    }

    private static WebApplication Build(bool addGrpcAgain)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        if (addGrpcAgain)
        {
            builder.Services.AddGrpc();
        }

        return builder.Build();
    }

    private static void Map(WebApplication app)
    {
        app.MapGrpcService<Identity>();
        app.MapDefaultEndpoints();
    }

    private static List<string> Paths(WebApplication app) =>
        [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText?.TrimStart('/'))];

    [RequireAnyToken]
    private sealed class Identity : V1.Identity.IdentityBase;
}
