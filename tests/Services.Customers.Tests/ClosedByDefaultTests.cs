using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Deployteq.Customers.Tests;

// Authentication is closed by default: every mapped gRPC method names how callers authenticate,
// except health and reflection, which carry no data.
[Collection(CustomersCollection.Name)]
public sealed class ClosedByDefaultTests(CustomersFixture fixture)
{
    private static readonly string[] OpenServices =
        ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];

    [Fact]
    public void Every_mapped_method_needs_a_token_or_the_admin_key_but_health_and_reflection()
    {
        var methods = GrpcEndpointAudit.Methods(fixture.Factory.Services);

        var open = methods.Where(method => !method.NamesAuthentication).ToList();
        Assert.True(open.All(method => OpenServices.Contains(method.Service)),
            "Open but not health or reflection: " + string.Join(", ", open.Where(m => !OpenServices.Contains(m.Service)).Select(m => $"{m.Service}/{m.Name}")));
        Assert.Contains(open, method => method.Service == "grpc.health.v1.Health");
        Assert.Contains(open, method => method.Service.StartsWith("grpc.reflection.", StringComparison.Ordinal));

        // Every method the contracts declare is mapped (and so was audited above).
        var declared = AdminReflection.Descriptor.Services.Concat(CustomersReflection.Descriptor.Services)
            .SelectMany(service => service.Methods.Select(method => $"{service.FullName}/{method.Name}"));
        var mapped = methods.Select(method => $"{method.Service}/{method.Name}").ToHashSet();
        Assert.All(declared, method => Assert.Contains(method, mapped));
    }

    [Fact]
    public async Task A_method_that_names_no_authentication_is_refused_while_health_stays_open()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.MapGrpcService<UnmarkedIdentity>();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () =>
            new Identity.IdentityClient(channel).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.False(UnmarkedIdentity.Called);
        await app.StopAsync();
    }

    // A service whose author forgot RequireScope: it must not answer anybody.
    private sealed class UnmarkedIdentity : Identity.IdentityBase
    {
        public static bool Called { get; private set; }

        public override Task<Principal> WhoAmI(WhoAmIRequest request, ServerCallContext context)
        {
            Called = true;
            return Task.FromResult(new Principal { BrandName = "anyone's" });
        }
    }

    [Fact]
    public void The_open_list_is_health_and_reflection_only()
    {
        Assert.Equal(OpenServices.Order(), AuthenticationInterceptor.OpenServices.Order());
    }
}
