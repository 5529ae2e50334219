using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using StackExchange.Redis;

namespace Deployteq.EndToEnd.Tests;

[Collection("AppHost")]
public sealed class RedisClusterAppHostTests
{
    private const string AdminKey = "end-to-end-admin-key";

    [Fact]
    public async Task AppHost_with_APPHOST_REDIS_CLUSTER_runs_the_system_on_a_three_primary_cluster_and_leaves_nothing_after_ctrl_c()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?>
        {
            ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey,
            ["APPHOST_REDIS_CLUSTER"] = "3",
        });
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(3));
        string[] nodeNames = ["redis-0", "redis-1", "redis-2"];
        var nodePorts = nodeNames.Select(node => new Uri(host.Endpoint(node, "tcp")).Port).ToList();
        var pids = nodeNames.Concat(AppHostProcess.ResourceNames.Where(name => name != "redis")).ToDictionary(name => name, host.ProcessIdOf);
        Assert.All(pids, pid => Assert.True(AppHostProcess.IsRunning(pid.Value), $"{pid.Key} is not running"));

        // The dashboard shows every node and the cluster, all healthy; the cluster has no process of its own.
        using (var dashboard = new DashboardClient(host.DashboardUrl))
        {
            var resources = await dashboard.ResourcesAsync();
            Assert.Equal(AppHostProcess.ResourceNames.Concat(nodeNames).Order(), resources.Select(r => r.Name).Order());
            Assert.All(resources, r => Assert.Equal(("Running", "Healthy"), (r.State, r.Health)));
            var cluster = resources.Single(r => r.Name == "redis");
            Assert.Equal("RedisCluster", cluster.Kind);
            Assert.Null(cluster.ProcessId);
        }

        // Every service got every node in one connection string.
        var connectionString = AppHostProcess.EnvironmentOf(pids["customers"])["ConnectionStrings__redis"];
        Assert.StartsWith(string.Join(",", nodePorts.Select(port => $"127.0.0.1:{port}")) + ",password=", connectionString);
        Assert.All(new[] { "events", "datamodel", "pegaconnector" },
            service => Assert.Equal(connectionString, AppHostProcess.EnvironmentOf(pids[service])["ConnectionStrings__redis"]));

        // The nodes really form one cluster that serves every slot.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            foreach (var port in nodePorts)
            {
                var info = (string)(await redis.GetServer("127.0.0.1", port).ExecuteAsync("CLUSTER", "INFO"))!;
                Assert.Contains("cluster_state:ok", info);
                Assert.Contains("cluster_known_nodes:3", info);
                Assert.Contains("cluster_slots_assigned:16384", info);
            }
        }

        // Brands fall into different hash slots, so over the cluster's nodes: write and read back through gRPC.
        using (var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc")))
        {
            var written = new List<(Customers.V1.Customers.CustomersClient Client, long Id, string Email)>();
            for (var i = 0; i < 6; i++)
            {
                var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("cluster", $"cluster brand {i}", "user");
                var customers = new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token));
                var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"cluster{i}@example.com" },
                    deadline: DateTime.UtcNow.AddSeconds(30));
                var read = await customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = created.Id }, deadline: DateTime.UtcNow.AddSeconds(30));
                Assert.Equal($"cluster{i}@example.com", read.EmailAddress);
                written.Add((customers, created.Id, read.EmailAddress));
            }

            // kill -9 of a node: the AppHost starts it again on its port, nodes.conf and append-only file,
            // the cluster is whole again, and every acknowledged customer is still there.
            var killedPid = pids["redis-1"];
            AppHostProcess.KillHard(killedPid);
            await AppHostProcess.WaitUntilAsync(() =>
            {
                try
                {
                    return AppHostProcess.IsRunning(host.ProcessIdOf("redis-1")) && host.ProcessIdOf("redis-1") != killedPid
                        && written.All(w => w.Client.GetCustomer(new GetCustomerRequest { CustomerId = w.Id }, deadline: DateTime.UtcNow.AddSeconds(5)).EmailAddress == w.Email);
                }
                catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(90), "every customer read again after a cluster node was killed");
            pids["redis-1"] = host.ProcessIdOf("redis-1");

            using var dashboard = new DashboardClient(host.DashboardUrl);
            var node = await dashboard.ResourceAsync("redis-1");
            Assert.Equal((1, "Running"), (node.Restarts, node.State));
            await AppHostProcess.WaitUntilAsync(() => dashboard.ResourceAsync("redis").GetAwaiter().GetResult().Health == "Healthy",
                TimeSpan.FromSeconds(30), "the cluster healthy again");
        }

        host.Interrupt();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, host.ExitCode);
        Assert.All(pids, pid => Assert.False(AppHostProcess.IsRunning(pid.Value), $"{pid.Key} is still running"));
        Assert.DoesNotMatch("password=[^*]", host.Output);
    }
}
