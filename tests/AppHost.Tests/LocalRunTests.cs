using System.Diagnostics;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Net.Client;

namespace Deployteq.AppHost.Tests;

public sealed class LocalRunTests(LocalRunApp app) : IClassFixture<LocalRunApp>
{
    [Fact]
    public async Task Every_resource_becomes_healthy_and_the_demo_installation_runs()
    {
        foreach (var name in (string[])["redis", .. TestApp.ServiceNames])
        {
            var healthy = await app.Notifications.WaitForResourceHealthyAsync(name).WaitAsync(TestApp.Patience);
            Assert.Equal(KnownResourceStates.Running, healthy.Snapshot.State?.Text);
        }

        var installation = await app.Notifications.WaitForResourceAsync("demo-installation",
            update => update.Snapshot.Properties.Any(property => property.Name == "installation.endpoint")).WaitAsync(TestApp.Patience);
        Assert.Contains("/pega/demo", installation.Snapshot.Properties.Single(property => property.Name == "installation.endpoint").Value?.ToString());
    }

    [Fact]
    public async Task An_emitted_activity_reaches_the_stand_in_once()
    {
        using var demo = await DemoBrand.SeededAsync(app);
        var uuids = await demo.EmitOpensAsync(3);

        await demo.WaitUntilArrivedAsync(uuids, TestApp.Patience);
        Assert.Equal(0, await demo.DuplicatesAsync());
    }

    [Fact]
    public async Task A_service_killed_with_sigkill_is_restarted_and_every_acknowledged_activity_still_arrives()
    {
        using var demo = await DemoBrand.SeededAsync(app);
        var before = await demo.EmitOpensAsync(20);
        var service = await ServicePidAsync("pegaconnector");

        ProcessTable.KillHard(service);
        var clock = Stopwatch.StartNew();
        var restarted = await app.Notifications.WaitForResourceAsync("pegaconnector",
            RestartedAndRunning).WaitAsync(TestApp.Patience);
        await app.Notifications.WaitForResourceHealthyAsync("pegaconnector").WaitAsync(TestApp.Patience);
        Assert.NotEqual(service, await ServicePidAsync("pegaconnector"));
        var after = await demo.EmitOpensAsync(20);

        await demo.WaitUntilArrivedAsync([.. before, .. after], TestApp.Patience);
        Console.WriteLine($"pegaconnector healthy again {clock.Elapsed.TotalSeconds:0.0} s after kill -9 ({restarted.ResourceId})");
    }

    [Fact]
    public async Task A_dotnet_run_wrapper_killed_with_sigkill_takes_its_service_with_it_and_the_service_comes_back()
    {
        var wrapper = await PidAsync("datamodel");
        var service = await ServicePidAsync("datamodel");

        ProcessTable.KillHard(wrapper);

        // No orphan left serving beside the one the AppHost starts next.
        await Poll.UntilAsync(() => !ProcessTable.IsRunning(service), $"datamodel's process {service} ended", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        await app.Notifications.WaitForResourceAsync("datamodel", RestartedAndRunning).WaitAsync(TestApp.Patience);
        await app.Notifications.WaitForResourceHealthyAsync("datamodel").WaitAsync(TestApp.Patience);
        Assert.NotEqual(service, await ServicePidAsync("datamodel"));
    }

    [Fact]
    public async Task Redis_killed_with_sigkill_is_restarted_on_its_port_with_its_data_and_password()
    {
        using var demo = await DemoBrand.SeededAsync(app);
        using var channel = GrpcChannel.ForAddress(app.App.GetEndpoint("customers", "grpc"));
        var customers = new Customers.V1.Customers.CustomersClient(channel);
        var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"{Guid.NewGuid():N}@example.com" }, demo.Bearer);
        var port = app.App.GetEndpoint("redis", "tcp").Port;
        var redis = await PidAsync("redis");

        ProcessTable.KillHard(redis);
        await app.Notifications.WaitForResourceAsync("redis",
            RestartedAndRunning).WaitAsync(TestApp.Patience);
        await app.Notifications.WaitForResourceHealthyAsync("redis").WaitAsync(TestApp.Patience);

        Assert.Equal(port, app.App.GetEndpoint("redis", "tcp").Port);
        var found = await Poll.UntilFoundAsync(async () =>
        {
            try
            {
                return await customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = created.Id }, demo.Bearer, deadline: DateTime.UtcNow.AddSeconds(5));
            }
            catch (Grpc.Core.RpcException exception) when (exception.StatusCode == Grpc.Core.StatusCode.Unavailable)
            {
                return null;
            }
        }, "the customer again after Redis restarted", TestApp.Patience, TimeSpan.FromMilliseconds(200));
        Assert.Equal(created.EmailAddress, found.EmailAddress);
    }

    private static bool RestartedAndRunning(ResourceEvent update) =>
        update.Snapshot.State?.Text == KnownResourceStates.Running
        && update.Snapshot.Properties.Any(property => property.Name == "restarts" && Convert.ToInt32(property.Value) >= 1);

    private async Task<int> PidAsync(string resource)
    {
        var running = await app.Notifications.WaitForResourceAsync(resource,
            update => update.Snapshot.State?.Text == KnownResourceStates.Running
                && update.Snapshot.Properties.Any(property => property.Name == "executable.pid" && property.Value is not null)).WaitAsync(TestApp.Patience);
        return Convert.ToInt32(running.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value);
    }

    // The service under its `dotnet run` wrapper.
    private async Task<int> ServicePidAsync(string resource)
    {
        var wrapper = await PidAsync(resource);
        var children = await Poll.UntilAsync(() => ProcessTable.ChildrenOf(wrapper), found => found.Count > 0,
            $"the process of {resource} under its wrapper {wrapper}", TestApp.Patience, TimeSpan.FromMilliseconds(200));
        return children[0];
    }
}
