using System.Net;
using System.Net.Sockets;
using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Deployteq.EndToEnd.Tests;

[Collection("AppHost")]
public sealed class AppHostTests(ITestOutputHelper output)
{
    private const string AdminKey = "end-to-end-admin-key";
    private static readonly TimeSpan Healthy = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AppHost_brings_every_resource_up_on_its_documented_ports_with_aspire_variables_and_leaves_nothing_after_ctrl_c()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?>
        {
            ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
        }, defaultPorts: true);
        await host.WaitForLineAsync("all resources are healthy", Healthy);
        var customersPid = host.ProcessIdOf("customers");
        var eventsPid = host.ProcessIdOf("events");
        Assert.Equal("http://127.0.0.1:5101", host.Endpoint("customers", "http"));
        Assert.Equal("http://127.0.0.1:5102", host.Endpoint("customers", "grpc"));
        Assert.Equal("http://127.0.0.1:5201", host.Endpoint("events", "http"));
        Assert.Equal("http://127.0.0.1:5202", host.Endpoint("events", "grpc"));
        Assert.Equal("http://127.0.0.1:5301", host.Endpoint("datamodel", "http"));
        Assert.Equal("http://127.0.0.1:5302", host.Endpoint("datamodel", "grpc"));
        Assert.Equal("http://127.0.0.1:5401", host.Endpoint("pegaconnector", "http"));
        Assert.Equal("http://127.0.0.1:5402", host.Endpoint("pegaconnector", "grpc"));
        Assert.Equal("http://127.0.0.1:5501", host.Endpoint("pega", "http"));
        Assert.Equal(new Uri("http://localhost:18888"), host.DashboardUrl);
        var pids = AppHostProcess.ResourceNames.ToDictionary(name => name, host.ProcessIdOf);
        Assert.Contains(AdminKey, host.Output);

        // What each process really got, as the kernel keeps it.
        var redisPort = new Uri(host.Endpoint("redis", "tcp")).Port;
        var events = AppHostProcess.EnvironmentOf(eventsPid);
        Assert.StartsWith($"127.0.0.1:{redisPort},password=", events["ConnectionStrings__redis"]);
        Assert.Equal("http://127.0.0.1:5102", events["services__customers__grpc__0"]);
        Assert.Equal("http://127.0.0.1:5101", events["services__customers__http__0"]);
        Assert.Equal("http://127.0.0.1:5201", events["ASPNETCORE_URLS"]);
        Assert.Equal("http://127.0.0.1:5202", events["Kestrel__Endpoints__grpc__Url"]);
        Assert.Equal("events", events["OTEL_SERVICE_NAME"]);
        Assert.Matches("^service.instance.id=events-[0-9a-f]{8}$", events["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://127.0.0.1:4317", events["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var customers = AppHostProcess.EnvironmentOf(customersPid);
        Assert.Equal("customers", customers["OTEL_SERVICE_NAME"]);
        Assert.Equal(AdminKey, customers["Admin__Key"]);
        Assert.False(customers.ContainsKey("services__events__grpc__0"), "customers does not reference events");
        var connector = AppHostProcess.EnvironmentOf(pids["pegaconnector"]);
        Assert.Equal("http://127.0.0.1:5202", connector["services__events__grpc__0"]);
        Assert.Equal("http://127.0.0.1:5102", connector["services__customers__grpc__0"]);
        Assert.Equal("pegaconnector", connector["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://127.0.0.1:5102", AppHostProcess.EnvironmentOf(pids["datamodel"])["services__customers__grpc__0"]);

        using (var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc")))
        using (var eventsChannel = GrpcChannel.ForAddress(host.Endpoint("events", "grpc")))
        {
            var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("e2e", "e2e brand", "e2e user");
            var customersClient = new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token));
            var created = await customersClient.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "e2e@example.com" });

            // Events reaches Customers by service discovery, with the caller's token.
            var eventsClient = new Events.V1.Events.EventsClient(eventsChannel.WithBearer(brand.Token));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            using var subscription = eventsClient.Subscribe(new SubscribeRequest { FromNow = new Empty() }, cancellationToken: deadline.Token);
            await subscription.ResponseHeadersAsync;
            var emitted = await eventsClient.EmitAsync(new EmitRequest
            {
                Activity = new NewActivity
                {
                    Metric = Metric.Broadcasts,
                    CustomerId = created.Id,
                    BroadcastId = 7,
                    Broadcast = new BroadcastDetails { Subject = "Hello", BroadcastEventType = "EMAIL", SubType = "CAMPAIGN" },
                },
            });
            Assert.True(await subscription.ResponseStream.MoveNext(deadline.Token));
            Assert.Equal(emitted.Activity.Uuid, subscription.ResponseStream.Current.Activity.Uuid);
            Assert.Equal("e2e@example.com", subscription.ResponseStream.Current.Activity.CustomerEmailAddress);
        }

        host.Interrupt();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, host.ExitCode);
        Assert.All(pids, pid => Assert.False(AppHostProcess.IsRunning(pid.Value), $"{pid.Key} is still running"));
        // The Redis password lives only in the services' environment; logs may show it masked.
        Assert.DoesNotMatch("password=[^*]", host.Output);
    }

    [Fact]
    public async Task Redis_killed_with_sigkill_is_restarted_on_its_port_data_and_password_calls_succeed_again_and_sigterm_stops_all()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey });
        await host.WaitForLineAsync("all resources are healthy", Healthy);
        using var dashboard = new DashboardClient(host.DashboardUrl);
        using var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc"));
        var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("kill", "kill brand", "kill user");
        var customers = new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token));
        var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "kept@example.com" });
        var redisPid = (await dashboard.ResourceAsync("redis")).ProcessId!.Value;
        Assert.Equal(redisPid, host.ProcessIdOf("redis"));

        var pids = AppHostProcess.ResourceNames.ToDictionary(name => name, host.ProcessIdOf);
        var killed = System.Diagnostics.Stopwatch.StartNew();
        AppHostProcess.KillHard(redisPid);

        // Calls fail while Redis is down, then succeed again without anyone restarting anything.
        Customer? found = null;
        await AppHostProcess.WaitUntilAsync(() =>
        {
            try
            {
                found = customers.GetCustomer(new GetCustomerRequest { CustomerId = created.Id }, deadline: DateTime.UtcNow.AddSeconds(5));
                return AppHostProcess.IsRunning(host.ProcessIdOf("redis")) && host.ProcessIdOf("redis") != redisPid;
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "a customer read after redis-server was killed");

        output.WriteLine($"a read succeeded again {killed.Elapsed.TotalSeconds:0.0} s after redis-server was killed");
        Assert.Equal("kept@example.com", found!.EmailAddress);
        var redis = await dashboard.ResourceAsync("redis");
        Assert.Equal(1, redis.Restarts);
        Assert.Equal("Running", redis.State);
        Assert.NotEqual(redisPid, redis.ProcessId);
        Assert.Contains("redis exited unexpectedly (exit code 137)", host.Output);
        // And it keeps working: a write after the restart.
        await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "after@example.com" });

        // SIGTERM, as a service manager stops it, stops everything too.
        host.Terminate();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, host.ExitCode);
        pids["redis"] = host.ProcessIdOf("redis");
        Assert.All(pids, pid => Assert.False(AppHostProcess.IsRunning(pid.Value), $"{pid.Key} is still running after SIGTERM"));
    }

    [Fact]
    public async Task The_dashboard_answers_401_without_its_token_and_restarts_a_service_through_its_api()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey });
        await host.WaitForLineAsync("all resources are healthy", Healthy);
        Assert.Contains($"{host.DashboardUrl}login?t={AppHostProcess.DashboardToken}", host.Output);

        using (var anonymous = new DashboardClient(host.DashboardUrl, token: null))
        using (var wrong = new DashboardClient(host.DashboardUrl, token: "not-the-token"))
        {
            foreach (var client in new[] { anonymous, wrong })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/resources")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.Http.GetAsync("/api/resources/events")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.CommandAsync("customers", "stop")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/login?t=not-the-token")).StatusCode);
        }

        // The browser's way: /login?t= sets a cookie that opens the page.
        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.DashboardUrl })
        {
            var page = await browser.GetAsync($"/login?t={AppHostProcess.DashboardToken}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Deployteq AppHost", await page.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/resources")).StatusCode);
        }

        using var dashboard = new DashboardClient(host.DashboardUrl);
        var before = await dashboard.ResourceAsync("customers");
        Assert.Equal(AppHostProcess.ResourceNames.Order(), (await dashboard.ResourcesAsync()).Select(r => r.Name).Order());
        Assert.All(await dashboard.ResourcesAsync(), r => Assert.Equal(("Running", "Healthy"), (r.State, r.Health)));

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new List<ResourceView>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in dashboard.WatchAsync(deadline.Token))
            {
                if (change.Name != "customers")
                {
                    continue;
                }

                seen.Add(change);
                if (change is { State: "Running", Health: "Healthy" } && change.ProcessId != before.ProcessId)
                {
                    return change;
                }
            }

            throw new InvalidOperationException("The stream ended.");
        });
        // The stream is open once the current snapshots have come.
        await AppHostProcess.WaitUntilAsync(() => seen.Count > 0, TimeSpan.FromSeconds(30), "the first server-sent event");

        var accepted = await dashboard.CommandAsync("customers", "restart");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var after = await watching;

        Assert.NotEqual(before.ProcessId, after.ProcessId);
        Assert.Equal(before.Restarts + 1, after.Restarts);
        Assert.False(AppHostProcess.IsRunning(before.ProcessId!.Value));
        var states = seen.Select(s => s.State).Distinct().ToList();
        Assert.Equal(["Running", "Stopping", "Exited", "Starting"], states);
        Assert.Contains(seen, s => s is { State: "Exited", ExitCode: not null });
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.CommandAsync("nope", "restart")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dashboard.CommandAsync("customers", "explode")).StatusCode);

        // The restarted service serves again on the same address.
        using var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc"));
        var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("restart", "restart brand", "restart user");
        Assert.NotEmpty(brand.Token);
    }

    [Fact]
    public async Task Sigkill_of_the_apphost_leaves_no_process_behind()
    {
        await using var host = AppHostProcess.Start();
        await host.WaitForLineAsync("all resources are healthy", Healthy);
        var children = AppHostProcess.ResourceNames.Select(host.ProcessIdOf).ToList();
        Assert.All(children, pid => Assert.True(AppHostProcess.IsRunning(pid)));

        host.KillHard();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        await AppHostProcess.WaitUntilAsync(() => children.All(pid => !AppHostProcess.IsRunning(pid)), TimeSpan.FromSeconds(30),
            "every child of the killed AppHost gone");
    }

    [Fact]
    public async Task A_taken_port_is_named_with_how_to_choose_another_and_nothing_starts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["APPHOST_PORT_CUSTOMERS_GRPC"] = port.ToString() });
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, host.ExitCode);
        Assert.Contains($"Port {port} (customers grpc) is already in use", host.Output);
        Assert.Contains("APPHOST_PORT_CUSTOMERS_GRPC=<port>", host.Output);
        Assert.DoesNotContain("started ", host.Output);
    }

    [Fact]
    public async Task AppHost_without_redis_server_says_how_to_install_it_and_fails()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["REDIS_SERVER"] = null });

        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, host.ExitCode);
        Assert.Contains("apt-get install -y redis-server", host.Output);
    }
}
