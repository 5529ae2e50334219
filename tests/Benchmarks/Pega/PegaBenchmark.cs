using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.Events.Grpc;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.V1;
using Deployteq.PegaStandIn;
using Deployteq.Samples;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using ActivityKind = Deployteq.PegaConnector.V1.ActivityKind;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;
using InstallationsClient = Deployteq.PegaConnector.V1.Installations.InstallationsClient;

namespace Deployteq.Benchmarks.Pega;

// Issue 8's and 16's figures: 200,000 activities preloaded, then delivered by a fresh connector
// process to the Pega stand-in, next to `wrk` and a bare HttpClient POSTing the same body to the
// same stand-in in the same run; the connector's peak memory (VmHWM); emit-to-Pega latency at
// 1,000 activities per second; bulk sends against endpoints that play a real Pega (50 ms a call,
// room for 200 and for 20 at once), next to what they can take; the time to resume after a
// SIGKILL and after a SIGTERM of the process holding an installation.
public static partial class PegaBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var activities = Option(args, "--activities", 200_000);
        var inFlight = Option(args, "--inflight", 16);
        var paced = Option(args, "--paced", 60_000);
        var latencySeconds = Option(args, "--seconds", 20);
        const int rate = 1_000;
        // The reference is wrk; without it the run would fail only after minutes of preloading.
        if (!IsOnPath("wrk"))
        {
            Console.Error.WriteLine("The pega benchmark compares the connector with wrk, which is not installed: apt-get install wrk (Debian's package).");
            return 1;
        }

        await using var redis = await RedisServer.StartAsync();
        var customersUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var customersHost = Host<CustomersService>(redis, customersUrl, []);
        var eventsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var eventsHost = Host<EventsService>(redis, eventsUrl, new Dictionary<string, string?> { ["services:customers:grpc:0"] = customersUrl });
        await using var standIn = await StandInServer.StartAsync();
        using var customersChannel = GrpcChannel.ForAddress(customersUrl);
        using var eventsChannel = GrpcChannel.ForAddress(eventsUrl);

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["services:customers:grpc:0"] = customersUrl,
            ["services:events:grpc:0"] = eventsUrl,
            ["PegaConnector:AllowHttpHosts:0"] = "127.0.0.1",
        };
        foreach (var setting in (Environment.GetEnvironmentVariable("PEGA_BENCH_CONNECTOR_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            settings[setting.Split('=')[0]] = setting.Split('=')[1];
        }

        var admin = new Admin.AdminClient(customersChannel.WithBearer(ServiceFactory<CustomersService>.AdminKey));
        var (brand, customer, events) = await BrandAsync(admin, customersChannel, eventsChannel, "bench");
        // A brand of its own per paced endpoint and for the takeover: each installation reads its
        // brand's stream.
        var wide = await BrandAsync(admin, customersChannel, eventsChannel, "wide");
        var narrow = await BrandAsync(admin, customersChannel, eventsChannel, "narrow");
        var takeover = await BrandAsync(admin, customersChannel, eventsChannel, "takeover");

        // Install with one process, stop it, preload, then measure a fresh process catching up.
        var endpoint = standIn.AddEndpoint("pega", "secret", "bench");
        var wideEndpoint = standIn.AddEndpoint("pega", "secret", "wide");
        var narrowEndpoint = standIn.AddEndpoint("pega", "secret", "narrow");
        var takeoverEndpoint = standIn.AddEndpoint("pega", "secret", "takeover");
        long installationId;
        long takeoverId;
        await using (var installer = await ConnectorProcess.StartAsync(settings))
        {
            installationId = await InstallAsync(installer, brand.Token, standIn.UrlOf(endpoint));
            await InstallAsync(installer, wide.Brand.Token, standIn.UrlOf(wideEndpoint));
            await InstallAsync(installer, narrow.Brand.Token, standIn.UrlOf(narrowEndpoint));
            takeoverId = await InstallAsync(installer, takeover.Brand.Token, standIn.UrlOf(takeoverEndpoint));
            await installer.StopAsync();
        }

        Console.WriteLine($"preloading {activities:N0} activities, and {paced:N0} and {paced / 6:N0} for paused installations ...");
        await EmitAsync(events, customer.Id, activities);
        // The bulk sends wait paused: their endpoints refuse the credentials until the scenario.
        wideEndpoint.SetCredentials("pega", "rotated");
        narrowEndpoint.SetCredentials("pega", "rotated");
        await EmitAsync(wide.Events, wide.Customer.Id, paced, 700_000);
        await EmitAsync(narrow.Events, narrow.Customer.Id, paced / 6, 750_000);

        Console.WriteLine("delivering them with a fresh connector process ...");
        var redisCpuBefore = await RedisStatsAsync(redis, reset: true);
        await using var connector = await ConnectorProcess.StartAsync(settings);
        var peakAtStart = connector.PeakMemoryBytes();
        var cpuBefore = connector.CpuTime();
        var ownCpuBefore = OwnCpu();
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(() => endpoint.Unique, unique => unique >= activities, $"{activities:N0} arrived", TimeSpan.FromMinutes(15));

        var arrivals = endpoint.Arrivals.Select(arrival => arrival.Timestamp).Order().ToList();
        var deliverySeconds = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds;
        var untilAllSeconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (connector.CpuTime() - cpuBefore).TotalSeconds;
        var ownCpuSeconds = (OwnCpu() - ownCpuBefore).TotalSeconds;
        var connectorRate = activities / deliverySeconds;
        var peakAfterDelivery = connector.PeakMemoryBytes();
        var redisStats = await RedisStatsAsync(redis, reset: false);
        var redisMicros = (redisStats.CpuSeconds - redisCpuBefore.CpuSeconds) / activities * 1e6;

        // The same body, headers and concurrency, POSTed by wrk to a stand-in endpoint of its own.
        var sample = endpoint.Arrivals.First().Activity;
        var body = "[" + sample.GetRawText() + "]";
        var wrkEndpoint = standIn.AddEndpoint("pega", "secret", "wrk");
        var ownCpuBeforeWrk = OwnCpu();
        var wrkRate = await WrkAsync(standIn.UrlOf(wrkEndpoint), body, sample.GetProperty("uuid").GetString()!, inFlight, seconds: 10);
        // This process during wrk is the stand-in alone: its cost per call.
        var standInMicros = (OwnCpu() - ownCpuBeforeWrk).TotalSeconds / (wrkRate * 10) * 1e6;
        var bare = await BareHttpClientAsync(standIn, body, sample.GetProperty("uuid").GetString()!, inFlight, count: 50_000, standInMicros);
        var bodyMicros = await BodyBuildMicrosAsync(events);

        Console.WriteLine($"emit-to-Pega latency at {rate:N0} activities/s for {latencySeconds} s ...");
        var latency = await LatencyAsync(events, customer.Id, endpoint, rate, latencySeconds);
        var peak = connector.PeakMemoryBytes();
        var installation = await new InstallationsClient(connector.Channel.WithBearer(brand.Token))
            .GetInstallationAsync(new GetInstallationRequest { InstallationId = installationId });

        Console.WriteLine($"bulk sends of {paced:N0} and {paced / 6:N0} (resumed) to 50 ms endpoints with room for 200 and 20 at once ...");
        var callLatency = TimeSpan.FromMilliseconds(50);
        var wideInstallations = new InstallationsClient(connector.Channel.WithBearer(wide.Brand.Token));
        var narrowInstallations = new InstallationsClient(connector.Channel.WithBearer(narrow.Brand.Token));
        async Task<Installation> Only(InstallationsClient client) => (await client.ListInstallationsAsync(new ListInstallationsRequest())).Installations.Single();
        var wideResult = await PaceScenario.RunAsync(
            () => ResumeAsync(wideInstallations, wideEndpoint, standIn.UrlOf(wideEndpoint)), wideEndpoint, paced, callLatency, 200,
            async () => (await Only(wideInstallations)).Pace?.ConcurrencyLimit ?? 0);
        var narrowResult = await PaceScenario.RunAsync(
            () => ResumeAsync(narrowInstallations, narrowEndpoint, standIn.UrlOf(narrowEndpoint)), narrowEndpoint, paced / 6, callLatency, 20,
            async () => (await Only(narrowInstallations)).Pace?.ConcurrencyLimit ?? 0);
        var narrowDead = (await Only(narrowInstallations)).Counts.Dead;

        Console.WriteLine("takeover: SIGKILL of the holder, then SIGTERM of the next one, during a backlog of 20,000 ...");
        var takeoverResult = await TakeoverScenario.RunAsync(
            (count, broadcast) => EmitAsync(takeover.Events, takeover.Customer.Id, count, broadcast), takeoverEndpoint,
            $"pega:{{b{takeover.Brand.Brand.Id}}}:i{takeoverId}:lease", redis, connector, () => ConnectorProcess.StartAsync(settings), 20_000);
        var leaseLifetime = TimeSpan.FromSeconds(10);


        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| delivery of {activities:N0} preloaded activities (adaptive limit) | {deliverySeconds:F1} s ({connectorRate:N0}/s; {untilAllSeconds:F1} s from process start) | wrk -c {inFlight} POST, same body: {wrkRate:N0} req/s | {connectorRate / wrkRate:P1} |");
        Console.WriteLine($"| connector peak memory (VmHWM) | {peakAtStart / 1048576.0:F0} MB once started, {peakAfterDelivery / 1048576.0:F0} MB after the catch-up, {peak / 1048576.0:F0} MB at the end | aim < 150 MB | {peakAfterDelivery / 1048576.0 / 150:P0} |");
        Console.WriteLine($"| emit-to-Pega latency at {rate:N0}/s ({latency.Count:N0} activities) | p50 {latency.P50:F1} ms, p99 {latency.P99:F1} ms, max {latency.Max:F1} ms | aim p99 < 50 ms | |");
        Console.WriteLine($"| connector CPU during the catch-up | {cpuSeconds:F1} s ({cpuSeconds / activities * 1e6:F0} µs per activity) | bare HttpClient POST loop, client side: {bare.ClientMicros:F0} µs per request (aim ≤ 1.5×) | {cpuSeconds / activities * 1e6 / bare.ClientMicros:F2}× |");
        Console.WriteLine($"| bare HttpClient, same handler settings, same body, {inFlight} concurrent | {bare.Rate:N0} req/s | wrk: {wrkRate:N0} req/s | {bare.Rate / wrkRate:P1} |");
        foreach (var (result, dead) in new[] { (wideResult, -1L), (narrowResult, narrowDead) })
        {
            Console.WriteLine($"| bulk send of {result.Activities:N0} to a 50 ms endpoint with room for {result.Room} at once | {result.Rate:N0}/s delivered ({result.Seconds:F1} s); {result.Refused:N0} of {result.Calls:N0} calls refused ({result.RefusedShare:P2}){(dead >= 0 ? $"; {dead} dead-lettered" : "")}; at most {result.MaxConcurrent} at once | the endpoint's capacity: {result.Capacity:N0}/s (aim ≥ 0.8) | {result.Rate / result.Capacity:P1} |");
        }

        Console.WriteLine($"| delivery resumes after a SIGKILL of the holder (another process running) | {takeoverResult.AfterKillSeconds:F2} s | LeaseLifetime + 2 s = {(leaseLifetime + TimeSpan.FromSeconds(2)).TotalSeconds:F0} s | {takeoverResult.AfterKillSeconds / (leaseLifetime.TotalSeconds + 2):P0} |");
        Console.WriteLine($"| delivery resumes after a SIGTERM of the holder (exit to next call) | {takeoverResult.AfterStopSeconds:F2} s | 2 s | {takeoverResult.AfterStopSeconds / 2:P0} |");
        Console.WriteLine($"concurrency limit each second, room for 200: {wideResult.Limits}; room for 20: {narrowResult.Limits}");
        Console.WriteLine($"takeover backlog of {takeoverResult.Activities:N0}: {takeoverResult.Duplicates} duplicates at the stand-in over the SIGKILL and the SIGTERM");
        Console.WriteLine($"duplicates at the stand-in: {endpoint.Duplicates}; invalid bodies: {endpoint.InvalidReasons.Count}; counts: {installation.Counts}");
        Console.WriteLine();
        Console.WriteLine("where the time goes during the catch-up (CPU per delivered activity; 2 shared cores):");
        Console.WriteLine($"- connector process: {cpuSeconds / activities * 1e6:F0} µs; of which building the JSON body about {bodyMicros:F1} µs"
            + $" and an HttpClient POST (client side, measured bare) about {bare.ClientMicros:F0} µs");
        // commandstats counts the time a command took, preemption included, so on a loaded machine its
        // share can exceed the CPU that INFO cpu reports: it is labelled as time, not as CPU.
        Console.WriteLine($"- redis-server: {redisMicros:F1} µs of CPU; inside its commands (commandstats, elapsed time, so above the CPU when the machine is loaded)"
            + $" the connector's scripts {redisStats.ScriptMicros / activities:F1} µs ({redisStats.ScriptCalls:N0} script calls,"
            + $" {100.0 * redisStats.ScriptCalls / activities:F1} per 100 activities) and Events' stream reads {redisStats.XrangeMicros / activities:F1} µs");
        Console.WriteLine($"- this process (the stand-in, Events serving the stream, Customers): {ownCpuSeconds / activities * 1e6:F0} µs; the stand-in alone costs {standInMicros:F0} µs per call (measured under wrk)");
        Console.WriteLine($"- wrk's {wrkRate:N0} req/s cost the stand-in {standInMicros:F0} µs and wrk itself little: the connector's share above is what separates the two rates");
        return endpoint.Duplicates == 0 && endpoint.InvalidReasons.Count == 0 ? 0 : 1;
    }

    private static async Task<(ProvisionedBrand Brand, Customer Customer, EventsClient Events)> BrandAsync(
        Admin.AdminClient admin, GrpcChannel customersChannel, GrpcChannel eventsChannel, string name)
    {
        var brand = await admin.CreateAsync(name, name, name);
        var customer = await new Deployteq.Customers.V1.Customers.CustomersClient(customersChannel.WithBearer(brand.Token))
            .CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"{name}@example.com" });
        return (brand, customer, new EventsClient(eventsChannel.WithBearer(brand.Token)));
    }

    // The right credentials again, at the endpoint and in the installation: the update resumes it.
    private static async Task ResumeAsync(InstallationsClient installations, StandInEndpoint endpoint, string url)
    {
        endpoint.SetCredentials("pega", "secret");
        var installation = (await installations.ListInstallationsAsync(new ListInstallationsRequest())).Installations.Single();
        await installations.UpdateInstallationAsync(new UpdateInstallationRequest
        {
            InstallationId = installation.InstallationId,
            UpdateMask = new FieldMask { Paths = { "endpoint" } },
            Endpoint = new Endpoint { Url = url, Username = "pega", Password = "secret" },
        });
    }

    private static async Task<long> InstallAsync(ConnectorProcess installer, string token, string url) =>
        (await new InstallationsClient(installer.Channel.WithBearer(token)).InstallAsync(new InstallRequest
        {
            Endpoint = new Endpoint { Url = url, Username = "pega", Password = "secret" },
            Activities = { ActivityKind.Broadcasts, ActivityKind.Opens },
        })).InstallationId;

    private static async Task EmitAsync(EventsClient events, long customerId, int count, long firstBroadcast = 1)
    {
        const int batchSize = 1000;
        var next = -1;
        var batches = (count + batchSize - 1) / batchSize;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                var request = new EmitBatchRequest();
                for (var i = 0; i < Math.Min(batchSize, count - batch * batchSize); i++)
                {
                    // Given uuids: a batch sent again after a timeout stores nothing twice.
                    request.Activities.Add(Activities.Broadcast(customerId, firstBroadcast + batch).WithNewUuid());
                }

                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await events.EmitBatchAsync(request);
                        break;
                    }
                    catch (Grpc.Core.RpcException exception) when (exception.StatusCode == Grpc.Core.StatusCode.Unavailable && attempt < 5)
                    {
                        // A machine shared with other builds: Redis answered too late.
                    }
                }
            }
        })));
    }

    // Emits `rate` activities a second in batches every 10 ms; latency is from the start of the
    // emit call to the activity's arrival at the stand-in (one clock: this process).
    private static async Task<(int Count, double P50, double P99, double Max)> LatencyAsync(
        EventsClient events, long customerId, StandInEndpoint endpoint, int rate, int seconds)
    {
        var perTick = rate / 100;
        var sent = new List<(string Uuid, long Timestamp)>();
        var calls = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        for (var tick = 0; tick < seconds * 100; tick++)
        {
            var due = TimeSpan.FromMilliseconds(tick * 10) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var request = new EmitBatchRequest();
            for (var i = 0; i < perTick; i++)
            {
                var activity = Activities.Broadcast(customerId, 900_000 + tick).WithNewUuid();
                request.Activities.Add(activity);
                sent.Add((activity.Uuid, Stopwatch.GetTimestamp()));
            }

            calls.Add(events.EmitBatchAsync(request).ResponseAsync);
        }

        await Task.WhenAll(calls);
        try
        {
            await Poll.UntilAsync(() => sent.All(item => endpoint.FirstArrival(item.Uuid) is not null), "every paced activity arrived", TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            // Measured all the same: what never came counts as infinitely late.
        }

        var latencies = sent.Select(item => endpoint.FirstArrival(item.Uuid) is { } arrival
                ? Stopwatch.GetElapsedTime(item.Timestamp, arrival.Timestamp).TotalMilliseconds
                : double.PositiveInfinity)
            .Order().ToList();
        return (latencies.Count, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], latencies[^1]);
    }

    private static bool IsOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, command)));

    private static async Task<double> WrkAsync(string url, string body, string uuid, int connections, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"pega-wrk-{Environment.ProcessId}.lua");
        string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        await File.WriteAllTextAsync(script, string.Join('\n',
            "wrk.method = \"POST\"",
            "wrk.body = " + Quote(body),
            "wrk.headers[\"Content-Type\"] = \"application/json\"",
            "wrk.headers[\"Authorization\"] = " + Quote("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pega:secret"))),
            "wrk.headers[\"Idempotency-Key\"] = " + Quote(uuid),
            "wrk.headers[\"User-Agent\"] = \"wrk\""));
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{seconds}s", "-s", script, url })
        {
            start.ArgumentList.Add(argument);
        }

        Console.WriteLine($"wrk -t 2 -c {connections} -d {seconds}s -s <POST script> {url}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(script);
        var match = RequestsPerSecond().Match(output);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("wrk printed no figure: " + output);
    }

    private static ServiceFactory<TEntryPoint> Host<TEntryPoint>(RedisServer redis, string grpcUrl, Dictionary<string, string?> settings)
        where TEntryPoint : class
    {
        settings["Kestrel:Endpoints:grpc:Url"] = grpcUrl;
        settings["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        settings["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort.Next()}";
        settings["Logging:LogLevel:Default"] = "Warning";
        var factory = new ServiceFactory<TEntryPoint>(redis.ConnectionString, settings);
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    private static TimeSpan OwnCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    // redis-server's CPU (INFO cpu) and, since the last reset, its time in scripts and XRANGE.
    private static async Task<(double CpuSeconds, double ScriptMicros, long ScriptCalls, double XrangeMicros)> RedisStatsAsync(RedisServer redis, bool reset)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        if (reset)
        {
            await server.ConfigResetStatisticsAsync();
        }

        var info = (await server.InfoAsync("cpu")).Concat(await server.InfoAsync("commandstats"))
            .SelectMany(group => group).ToDictionary(entry => entry.Key, entry => entry.Value);
        double Stat(string command, string field) => info.TryGetValue("cmdstat_" + command, out var value)
            ? double.Parse(value.Split(',').Select(part => part.Split('=')).First(pair => pair[0] == field)[1], CultureInfo.InvariantCulture)
            : 0;
        return (
            double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture),
            Stat("evalsha", "usec") + Stat("eval", "usec"),
            (long)(Stat("evalsha", "calls") + Stat("eval", "calls")),
            Stat("xrange", "usec"));
    }

    // A bare HttpClient (the connector's handler settings, no resilience, no Redis) POSTing the
    // same body to the stand-in: the rate .NET's client reaches here, and its CPU per call (this
    // process's CPU less the stand-in's share measured under wrk).
    private static async Task<(double Rate, double ClientMicros)> BareHttpClientAsync(
        StandInServer standIn, string body, string uuid, int concurrency, int count, double standInMicros)
    {
        var endpoint = standIn.AddEndpoint("pega", "secret", "bare");
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var bytes = Encoding.UTF8.GetBytes(body);
        var authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("pega:secret")));
        var url = new Uri(standIn.UrlOf(endpoint));
        async Task PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = authorization;
            request.Headers.TryAddWithoutValidation("Idempotency-Key", uuid);
            request.Headers.TryAddWithoutValidation("User-Agent", "bare");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
        }

        var next = 0;
        async Task RunAsync(int total)
        {
            next = 0;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= total)
                {
                    await PostAsync();
                }
            })));
        }

        await RunAsync(5_000);
        var cpuBefore = OwnCpu();
        var clock = Stopwatch.StartNew();
        await RunAsync(count);
        var seconds = clock.Elapsed.TotalSeconds;
        return (count / seconds, (OwnCpu() - cpuBefore).TotalSeconds / count * 1e6 - standInMicros);
    }

    // PegaActivityJson.ToCallBody on an activity read back from Events: µs per body.
    private static async Task<double> BodyBuildMicrosAsync(EventsClient events)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = events.Subscribe(new SubscribeRequest { FromOldest = new Empty() }, cancellationToken: timeout.Token);
        Deployteq.Events.V1.Activity? activity = null;
        while (activity is null && await call.ResponseStream.MoveNext(timeout.Token))
        {
            activity = call.ResponseStream.Current.Activity;
        }

        if (activity is null)
        {
            throw new InvalidOperationException("Events returned no activity.");
        }

        const int count = 50_000;
        for (var i = 0; i < count / 10; i++)
        {
            PegaActivityJson.ToCallBody(activity);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            PegaActivityJson.ToCallBody(activity);
        }

        return clock.Elapsed.TotalMilliseconds * 1000 / count;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}
