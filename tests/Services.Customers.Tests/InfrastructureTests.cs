using System.Net;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class InfrastructureTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Health_is_ready_with_redis_and_alive()
    {
        using var client = fixture.Factory.CreateClient();

        var health = await client.GetAsync("/health");
        var alive = await client.GetAsync("/alive");
        var grpcHealth = await new Health.HealthClient(fixture.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, grpcHealth.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_services()
    {
        using var call = new ServerReflection.ServerReflectionClient(fixture.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("deployteq.customers.v1.Customers", names);
        Assert.Contains("deployteq.customers.v1.Admin", names);
    }

    [Fact]
    public async Task Without_redis_calls_are_unavailable_and_health_is_unhealthy()
    {
        var port = FreePort.Next();
        await using var factory = new ServiceFactory<CustomersService>($"127.0.0.1:{port},connectTimeout=200");
        using var channel = factory.CreateChannel();
        using var http = factory.CreateClient();

        var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.Unavailable, () =>
            new CustomersClient(channel.WithBearer("dtq_1_1_x"))
                .ListCustomersAsync(new ListCustomersRequest()).ResponseAsync);
        var health = await http.GetAsync("/health");
        var alive = await http.GetAsync("/alive");

        Assert.DoesNotContain("password", error.Status.Detail);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
