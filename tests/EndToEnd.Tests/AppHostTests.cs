using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Deployteq.EndToEnd.Tests;

public sealed class AppHostTests
{
    private const string AdminKey = "end-to-end-admin-key";

    [Fact]
    public async Task AppHost_serves_customers_and_events_over_real_sockets_and_leaves_nothing_running_after_ctrl_c()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey });
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(2));
        var redisPid = host.ProcessIdOf("redis");
        var customersPid = host.ProcessIdOf("customers");
        var eventsPid = host.ProcessIdOf("events");
        var connectorPid = host.ProcessIdOf("pegaconnector");
        var grpcAddress = host.Endpoint("customers", "grpc");
        var eventsAddress = host.Endpoint("events", "grpc");
        Assert.Contains(AdminKey, host.Output);
        Assert.True(AppHostProcess.IsRunning(redisPid));
        Assert.True(AppHostProcess.IsRunning(customersPid));
        Assert.True(AppHostProcess.IsRunning(eventsPid));
        Assert.True(AppHostProcess.IsRunning(connectorPid));

        using (var channel = GrpcChannel.ForAddress(grpcAddress))
        using (var eventsChannel = GrpcChannel.ForAddress(eventsAddress))
        {
            var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("e2e", "e2e brand", "e2e user");
            var customers = new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token));

            var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "e2e@example.com" });
            var found = await customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "E2E@example.com" });

            Assert.Equal(created.Id, found.Id);

            // Events reaches Customers by service discovery, with the caller's token.
            var events = new Events.V1.Events.EventsClient(eventsChannel.WithBearer(brand.Token));
            // A lost event fails the test within a minute instead of hanging the run.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            using var subscription = events.Subscribe(new SubscribeRequest { FromNow = new Empty() }, cancellationToken: deadline.Token);
            await subscription.ResponseHeadersAsync;
            var emitted = await events.EmitAsync(new EmitRequest
            {
                Activity = new NewActivity
                {
                    Metric = Metric.Broadcasts,
                    CustomerId = created.Id,
                    BroadcastId = 7,
                    Broadcast = new BroadcastDetails { Subject = "Hello", BroadcastEventType = "EMAIL", SubType = "CAMPAIGN" },
                },
            }, cancellationToken: deadline.Token);
            // Progress items (a cursor, no activity) may come before it.
            SubscribeResponse received;
            do
            {
                Assert.True(await subscription.ResponseStream.MoveNext(deadline.Token), "The subscription ended early.");
                received = subscription.ResponseStream.Current;
            }
            while (received.Activity is null);

            Assert.Equal(emitted.Activity.Uuid, received.Activity.Uuid);
            Assert.Equal("e2e@example.com", received.Activity.CustomerEmailAddress);
            Assert.Equal("e2e brand", received.Activity.BrandName);
        }

        host.Interrupt();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, host.ExitCode);
        Assert.False(AppHostProcess.IsRunning(redisPid), "redis-server is still running");
        Assert.False(AppHostProcess.IsRunning(customersPid), "Services.Customers is still running");
        Assert.False(AppHostProcess.IsRunning(eventsPid), "Services.Events is still running");
        Assert.False(AppHostProcess.IsRunning(connectorPid), "Services.PegaConnector is still running");
        // The Redis password lives only in the services' environment; logs may show it masked.
        Assert.DoesNotMatch("password=[^*]", host.Output);
    }

    [Fact]
    public async Task AppHost_without_redis_server_says_how_to_install_it_and_fails()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["REDIS_SERVER"] = null });

        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("apt-get install -y redis-server", host.Output);
    }

    [Fact]
    public async Task AppHost_runs_the_system_on_a_redis_cluster_when_asked()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?>
        {
            ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey,
            ["APPHOST_REDIS_CLUSTER"] = "3",
        });
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(2));
        var nodes = Enumerable.Range(0, 3).Select(index => host.ProcessIdOf($"redis-{index}")).ToList();
        Assert.All(nodes, pid => Assert.True(AppHostProcess.IsRunning(pid)));

        using (var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc")))
        using (var eventsChannel = GrpcChannel.ForAddress(host.Endpoint("events", "grpc")))
        {
            // Brands fall into different slots, so over the cluster's nodes.
            for (var i = 0; i < 3; i++)
            {
                var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("cluster", $"brand {i}", "user");
                var customers = new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token));
                var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"cluster{i}@example.com" });
                var events = new Events.V1.Events.EventsClient(eventsChannel.WithBearer(brand.Token));
                var emitted = await events.EmitAsync(new EmitRequest
                {
                    Activity = new NewActivity
                    {
                        Metric = Metric.Broadcasts,
                        CustomerId = created.Id,
                        BroadcastId = 7,
                        Broadcast = new BroadcastDetails { Subject = "Hello", BroadcastEventType = "EMAIL", SubType = "CAMPAIGN" },
                    },
                });

                Assert.Equal($"cluster{i}@example.com", emitted.Activity.CustomerEmailAddress);
            }
        }

        host.Interrupt();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, host.ExitCode);
        Assert.All(nodes, pid => Assert.False(AppHostProcess.IsRunning(pid), "a cluster node is still running"));
        Assert.DoesNotMatch("password=[^*]", host.Output);
    }
}
