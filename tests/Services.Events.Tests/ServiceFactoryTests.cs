using Deployteq.Events.Grpc;
using Deployteq.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.Events.Tests;

// How the test support's in-process host ends: as a service's own app.Run() ends it in production.
[Collection(EventsCollection.Name)]
public sealed class ServiceFactoryTests(EventsFixture fixture)
{
    [Fact]
    public async Task A_disposed_service_host_stops_each_hosted_service_once_and_before_disposing_it()
    {
        var probe = new StopProbe();
        var factory = Factory(probe);
        _ = factory.Services;

        await factory.DisposeAsync();

        Assert.Equal(["stop", "dispose"], probe.Calls);
    }

    [Fact]
    public async Task What_a_hosted_service_throws_while_it_stops_fails_the_dispose_of_its_host()
    {
        var failure = new InvalidOperationException("the probe could not stop");
        var factory = Factory(new StopProbe(failure));
        _ = factory.Services;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () => await factory.DisposeAsync());

        Assert.Same(failure, thrown);
    }

    private ServiceFactory<EventsService> Factory(StopProbe probe) =>
        new ServiceFactory<EventsService>(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = "http://127.0.0.1:1",
        }).WithServices(services =>
        {
            // Made by a factory, so the container disposes it as it does the services' own.
            services.AddHostedService(_ => probe);
        });
}
