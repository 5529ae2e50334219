using System.Diagnostics;
using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.Samples;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Deployteq.EndToEnd.Tests;

// The AppHost as a developer runs it: a process on the documented ports, read from its console.
[Collection("AppHost")]
public sealed class LocalRunTests(ITestOutputHelper output)
{
    private const string AdminKey = "end-to-end-admin-key";
    private static readonly TimeSpan Healthy = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_local_run_on_the_documented_ports_prints_what_a_newcomer_needs_wires_aspire_variables_and_leaves_nothing_after_ctrl_c()
    {
        // Ctrl+C is SIGINT. A test run started as a background job of a shell without job control
        // ignores SIGINT and hands that on to the AppHost, which could then never be stopped by it:
        // say so at once rather than after the stop's deadline.
        Assert.False(ProcessTable.Ignores(Environment.ProcessId, ProcessTable.SigInt),
            "This test process ignores SIGINT (started as a background job without job control, e.g. `cmd &` in a script), so the AppHost it starts would too: run the tests in the foreground.");
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey }, defaultPorts: true);
        await host.WaitForLineAsync("all resources are healthy", Healthy);
        Assert.Equal("http://127.0.0.1:5101", host.Endpoint("customers", "http"));
        Assert.Equal("http://127.0.0.1:5102", host.Endpoint("customers", "grpc"));
        Assert.Equal("http://127.0.0.1:5201", host.Endpoint("events", "http"));
        Assert.Equal("http://127.0.0.1:5202", host.Endpoint("events", "grpc"));
        Assert.Equal("http://127.0.0.1:5301", host.Endpoint("datamodel", "http"));
        Assert.Equal("http://127.0.0.1:5302", host.Endpoint("datamodel", "grpc"));
        Assert.Equal("http://127.0.0.1:5401", host.Endpoint("pegaconnector", "http"));
        Assert.Equal("http://127.0.0.1:5402", host.Endpoint("pegaconnector", "grpc"));
        Assert.Equal(5501, new Uri(host.Endpoint("pega", "http")).Port);
        Assert.Equal(new Uri("http://localhost:18888"), host.DashboardUrl);
        Assert.Contains($"dashboard: http://localhost:18888/login?t={AppHostProcess.DashboardToken}", host.Output);
        Assert.Contains($"administrator key (send as 'authorization: Bearer <key>' to deployteq.customers.v1.Admin): {AdminKey}", host.Output);
        Assert.Contains("API token: dtq_", host.Output);
        var pids = AppHostProcess.ResourceNames.ToDictionary(name => name, host.ProcessIdOf);

        // What each process really got, as the kernel keeps it: Aspire's variables.
        var redisPort = new Uri(host.Endpoint("redis", "tcp")).Port;
        var events = ProcessTable.EnvironmentOf(pids["events"]);
        Assert.StartsWith($"127.0.0.1:{redisPort},password=", events["ConnectionStrings__redis"]);
        Assert.EndsWith(":5102", events["services__customers__grpc__0"]);
        Assert.EndsWith(":5101", events["services__customers__http__0"]);
        Assert.Equal("events", events["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://localhost:18889", events["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Contains("x-otlp-api-key=", events["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.StartsWith("http://127.0.0.1:", events["Kestrel__Endpoints__grpc__Url"]);
        var customers = ProcessTable.EnvironmentOf(pids["customers"]);
        Assert.Equal(AdminKey, customers["Admin__Key"]);
        Assert.False(customers.ContainsKey("services__events__grpc__0"), "customers does not reference events");
        var connector = ProcessTable.EnvironmentOf(pids["pegaconnector"]);
        Assert.EndsWith(":5202", connector["services__events__grpc__0"]);
        // redis-server has its password in a file of the developer's only, not on its command line.
        Assert.DoesNotContain("requirepass", File.ReadAllText($"/proc/{pids["redis"]}/cmdline"));

        await EmitAndFollowAsync(host);
        await RunPrintedCurlAsync(host);

        var processes = AppHostProcess.ProcessesOfRun(host.ProcessId);
        Assert.Superset(pids.Values.ToHashSet(), processes.ToHashSet());
        var beforeStop = host.Output.Length;
        host.Interrupt();
        var exited = host.Exited;
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(90))) != exited)
        {
            // Say what was still running and what the AppHost printed while it stopped.
            var running = processes.Where(ProcessTable.IsRunning).Select(pid => $"{pid} {string.Join(' ', ProcessTable.CommandLine(pid))}");
            Assert.Fail($"The AppHost had not exited 90 s after Ctrl+C. Still running:\n{string.Join('\n', running)}\nIt printed since:\n{host.Output[beforeStop..]}");
        }

        var stopped = Stopwatch.StartNew();
        await Poll.UntilAsync(() => processes.Where(ProcessTable.IsRunning).ToList(), running => running.Count == 0, "every process gone", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        output.WriteLine($"every process gone {stopped.Elapsed.TotalSeconds:0.0} s after the AppHost exited");
        Assert.Equal(0, host.ExitCode);
        // Nothing is brought back while the AppHost stops.
        Assert.DoesNotContain("restarting", host.Output[beforeStop..]);
        // The Redis password lives only in the services' environment and redis.conf.
        Assert.DoesNotMatch("password=[^*\\s]", host.Output);
    }

    [Fact]
    public async Task Run_sh_execs_the_apphost_itself_and_a_kill_9_of_it_leaves_nothing_behind()
    {
        await using var run = AppHostProcess.StartWithRunSh();
        await run.WaitForLineAsync("all resources are healthy", Healthy);

        // exec: the process run.sh started is the AppHost, with no `dotnet run` between.
        Assert.EndsWith("/AppHost", ProcessTable.CommandLine(run.ProcessId).FirstOrDefault() ?? "(gone)");
        var children = AppHostProcess.ProcessesOfRun(run.ProcessId);
        // DCP, redis-server, and each of the five projects with its `dotnet run` wrapper.
        Assert.True(children.Count >= 12, $"{children.Count} processes of the run");

        run.Kill();
        var killed = Stopwatch.StartNew();
        await Poll.UntilAsync(() => children.Where(ProcessTable.IsRunning).ToList(), running => running.Count == 0, "every process gone after kill -9", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(100));
        output.WriteLine($"{children.Count} processes gone {killed.Elapsed.TotalSeconds:0.0} s after kill -9 of the AppHost");
    }

    // The emit the console offers a newcomer, pasted into a shell as it is.
    private static async Task RunPrintedCurlAsync(AppHostProcess host)
    {
        var line = host.Output.Split('\n').Select(text => text.Trim()).Last(text => text.Contains("curl -s ", StringComparison.Ordinal));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(line[line.IndexOf("curl -s ", StringComparison.Ordinal)..] + " --fail-with-body");
        using var curl = Process.Start(start)!;
        var answer = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(curl.ExitCode == 0, $"{line}\n{answer}{await curl.StandardError.ReadToEndAsync()}");
        Assert.Contains("\"uuid\"", answer);
        Assert.Contains("METRIC_BROADCASTS", answer);
    }

    // A brand of its own: Events reaches Customers by service discovery with the caller's token,
    // and a subscriber sees the activity, enriched.
    private static async Task EmitAndFollowAsync(AppHostProcess host)
    {
        using var channel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc"));
        using var eventsChannel = GrpcChannel.ForAddress(host.Endpoint("events", "grpc"));
        var brand = await new Admin.AdminClient(channel.WithBearer(AdminKey)).CreateAsync("e2e", "e2e brand", "e2e user");
        var customersClient = new Customers.V1.Customers.CustomersClient(channel.WithBearer(brand.Token));
        var created = await customersClient.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "e2e@example.com" });
        var eventsClient = new Events.V1.Events.EventsClient(eventsChannel.WithBearer(brand.Token));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var subscription = eventsClient.Subscribe(new SubscribeRequest { FromNow = new Empty() }, cancellationToken: deadline.Token);
        await subscription.ResponseHeadersAsync;
        var emitted = await eventsClient.EmitAsync(new EmitRequest
        {
            Activity = Activities.Broadcast(created.Id, 7),
        });
        // Progress items (a cursor, no activity) may come first.
        Events.V1.Activity? received = null;
        while (received is null && await subscription.ResponseStream.MoveNext(deadline.Token))
        {
            received = subscription.ResponseStream.Current.Activity;
        }

        Assert.NotNull(received);
        Assert.Equal(emitted.Activity.Uuid, received.Uuid);
        Assert.Equal("e2e@example.com", received.CustomerEmailAddress);
    }
}
