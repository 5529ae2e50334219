using Deployteq.AppHost.Hosting;

namespace Deployteq.AppHost.Tests;

public sealed class StartOrderTests
{
    [Fact]
    public async Task A_resource_waits_for_its_dependency_to_be_healthy_whatever_the_order_of_declaration()
    {
        await using var test = new TestApplication();
        var dependencyHealthy = false;
        var dependent = test.AddShell("dependent", "exec sleep 300");
        var dependency = test.AddShell("dependency", "exec sleep 300").WithHealthCheck(_ => Task.FromResult(Volatile.Read(ref dependencyHealthy)));
        dependent.WaitFor(dependency);
        var app = test.Build();

        await app.StartAsync();
        await test.WaitForAsync("dependency", s => s is { State: ResourceState.Running, ProcessId: not null });

        Assert.Equal(ResourceState.Waiting, app.Notifications.Get("dependent").State);
        Assert.Null(app.Notifications.Get("dependent").ProcessId);

        Volatile.Write(ref dependencyHealthy, true);
        await test.WaitForAsync("dependent", s => s.State == ResourceState.Running);

        var events = test.Events.ToList();
        var healthy = events.FindIndex(s => s.Name == "dependency" && s.Health == HealthStatus.Healthy);
        var starting = events.FindIndex(s => s.Name == "dependent" && s.State == ResourceState.Starting);
        Assert.True(healthy >= 0 && starting > healthy, "dependent started before its dependency was healthy");
    }

    [Fact]
    public void The_start_order_comes_from_the_graph_not_from_declaration()
    {
        var test = new TestApplication();
        var events = test.AddShell("events", "true");
        var customers = test.AddShell("customers", "true");
        var redis = test.AddShell("redis", "true");
        events.WaitFor(customers).WaitFor(redis);
        customers.WaitFor(redis);

        var order = ResourceGraph.StartOrder(test.Builder.Resources).Select(r => r.Name);

        Assert.Equal(["redis", "customers", "events"], order);
    }

    [Fact]
    public async Task A_cycle_of_waits_is_an_error_at_start_that_names_it_and_starts_nothing()
    {
        await using var test = new TestApplication();
        var a = test.AddShell("a", "exec sleep 300");
        var b = test.AddShell("b", "exec sleep 300");
        var c = test.AddShell("c", "exec sleep 300");
        a.WaitFor(b);
        b.WaitFor(c);
        c.WaitFor(a);
        var app = test.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(app.StartAsync);

        Assert.Contains("cycle: a -> b -> c -> a", error.Message);
        Assert.Empty(app.Notifications.Current);
    }

    [Fact]
    public void WithReference_passes_what_a_resource_offers_and_does_not_order_the_start()
    {
        var test = new TestApplication();
        var redis = test.Builder.AddRedis("redis");
        var consumer = test.AddShell("consumer", "true").WithReference(redis);
        test.Build();

        Assert.Empty(consumer.WaitsFor);
        var connectionString = consumer.Environment["ConnectionStrings__redis"].Resolve();
        Assert.Equal($"127.0.0.1:{redis.PrimaryEndpoint.Port},password={redis.Password}", connectionString);
        Assert.NotEqual(0, redis.PrimaryEndpoint.Port);

        consumer.WaitFor(redis);
        Assert.Equal([redis], consumer.WaitsFor);
    }
}
