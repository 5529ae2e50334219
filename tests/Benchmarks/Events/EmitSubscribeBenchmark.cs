using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.Events.Emitting;
using Deployteq.Events.Grpc;
using Deployteq.Events.Model;
using Deployteq.Events.V1;
using Deployteq.Samples;
using Deployteq.ServiceDefaults.Streams;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using StackExchange.Redis;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.Benchmarks.Events;

// Issue 3's figures, kept for issue 7: 200,000 activities emitted through EmitBatch (broadcasts,
// then as many opens of them), then read back through Subscribe, over real sockets with
// Customers and Events in-process, next to `redis-benchmark -c 50 -n 200000 XADD` run just
// before against the same redis-server. Where the time goes: the emit steps Events measures
// (meter Deployteq.Events), the client's time per call, and Redis's own time per command.
public static class EmitSubscribeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var activities = Option(args, "--activities", 200_000);
        var batchSize = Option(args, "--batch", EventsService.MaxBatchSize);
        var callers = Option(args, "--callers", 4);
        var warmUpBatches = Option(args, "--warmup", 40);
        const int customerCount = 100;
        const int redisClients = 50;

        await using var redis = await RedisServer.StartAsync();
        // An entry about the size of a stored broadcast activity (~450 bytes of protobuf).
        var payload = new string('x', 450);
        Console.WriteLine($"redis-benchmark -c {redisClients} -n {activities} XADD ...");
        var redisXadd = await ReferenceBenchmark.RunAsync(redis, redisClients, activities, "XADD", "bench:stream", "*", "a", payload);

        using var steps = new StepListener();
        var customersGrpc = FreePort.Next();
        await using var customersHost = Host<CustomersService>(redis, customersGrpc, []);
        var eventsGrpc = FreePort.Next();
        await using var eventsHost = Host<EventsService>(redis, eventsGrpc, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = $"http://127.0.0.1:{customersGrpc}",
        });
        using var customersChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{customersGrpc}");
        using var eventsChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{eventsGrpc}");
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);

        var token = await CreateTokenAsync(customersChannel);
        var customers = new Deployteq.Customers.V1.Customers.CustomersClient(customersChannel.WithBearer(token));
        var customerIds = new List<long>();
        for (var i = 0; i < customerCount; i++)
        {
            customerIds.Add((await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"r{i}@example.com" })).Id);
        }

        var events = new EventsClient(eventsChannel.WithBearer(token));
        var batches = (activities + batchSize - 1) / batchSize;
        // Each batch is one send-out (broadcast id 1 + batch) to its recipients; the opens come
        // back to the same broadcasts and recipients.
        NewActivity Recipient(int batch, int i, bool open)
        {
            var customerId = customerIds[(batch * batchSize + i) % customerCount];
            return open ? Activities.Open(customerId, broadcastId: 1 + batch) : Broadcast(customerId, broadcastId: 1 + batch);
        }

        EmitBatchRequest Batch(int batch, bool opens)
        {
            var request = new EmitBatchRequest();
            var size = Math.Min(batchSize, activities - batch % batches * batchSize);
            for (var i = 0; i < size; i++)
            {
                request.Activities.Add(Recipient(batch, i, opens));
            }

            return request;
        }

        // Not counted: JIT tiering, thread pool growth, scripts loaded, customers cached. Rounds of
        // `callers` batches at once, broadcasts then their opens, as the measured phases run them,
        // until two rounds in a row compile (almost) no method: tier-1 compilation runs behind, in
        // the background, and on a busy machine it took longer than a fixed 40 batches and ran
        // into the measured phases. Another broadcast id range, so the measured send-outs start empty.
        Console.WriteLine($"warming up: rounds of {callers} batches of broadcasts and of opens until the JIT is nearly done (at least {warmUpBatches} batches of each, at most {MaxWarmUpRounds} rounds), not counted ...");
        var warmedUpTo = StreamCursor.Zero;
        var warmUpRounds = 0;
        for (var quietRounds = 0; quietRounds < 2 && warmUpRounds < MaxWarmUpRounds; warmUpRounds++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var opens in new[] { false, true })
            {
                var results = await Task.WhenAll(Enumerable.Range(warmUpRounds * callers, callers).Select(batch =>
                {
                    var request = Batch(batch, opens);
                    foreach (var activity in request.Activities)
                    {
                        activity.BroadcastId += 1_000_000;
                    }

                    return events.EmitBatchAsync(request).ResponseAsync;
                }));
                warmedUpTo = results.Max(result => StreamCursor.Parse(result.Results[^1].Cursor));
            }

            var warmedUp = (warmUpRounds + 1) * callers >= warmUpBatches;
            quietRounds = warmedUp && System.Runtime.JitInfo.GetCompiledMethodCount() - compiled < QuietRoundCompilations ? quietRounds + 1 : 0;
        }

        Console.WriteLine($"warmed up in {warmUpRounds} rounds ({warmUpRounds * callers} batches of each); {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled.");

        var phases = new List<Phase>();
        foreach (var (name, opens) in new[] { ("broadcasts", false), ("opens", true) })
        {
            Console.WriteLine($"emitting {activities:N0} {name} in {batches:N0} batches of {batchSize}, {callers} callers ...");
            await server.ConfigResetStatisticsAsync();
            steps.Reset();
            var callTimes = new ConcurrentBag<double>();
            var nextBatch = -1;
            var before = await ProcessCountersAsync(server);
            var emit = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                int batch;
                while ((batch = Interlocked.Increment(ref nextBatch)) < batches)
                {
                    var request = Batch(batch, opens);
                    var started = Stopwatch.GetTimestamp();
                    await events.EmitBatchAsync(request);
                    callTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            })));
            emit.Stop();
            var used = (await ProcessCountersAsync(server)).Since(before);
            phases.Add(new Phase(name, emit.Elapsed, callTimes.Average(), steps.Totals(), await CommandStatsAsync(server), used));
        }

        Console.WriteLine($"reading {2 * activities:N0} back through Subscribe ...");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var read = Stopwatch.StartNew();
        var received = 0;
        using (var call = events.Subscribe(new SubscribeRequest { AfterCursor = warmedUpTo.ToString() }, cancellationToken: timeout.Token))
        {
            while (received < 2 * activities && await call.ResponseStream.MoveNext(timeout.Token))
            {
                if (call.ResponseStream.Current.Activity is not null)
                {
                    received++;
                }
            }
        }

        read.Stop();
        if (received != 2 * activities)
        {
            throw new InvalidOperationException($"Read {received:N0} of {2 * activities:N0} activities.");
        }

        var readRate = 2 * activities / read.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} at the end (other processes share the CPU).");
        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (redis-benchmark, same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var phase in phases)
        {
            var rate = activities / phase.Elapsed.TotalSeconds;
            Console.WriteLine($"| EmitBatch {phase.Name}, {activities:N0} activities, batches of {batchSize}, {callers} callers | {phase.Elapsed.TotalSeconds:F1} s ({rate:N0} activities/s) | XADD -c {redisClients}: {redisXadd:N0} req/s | {rate / redisXadd:F2} |");
        }

        Console.WriteLine($"| Subscribe from the first measured activity, {2 * activities:N0} activities, one subscriber | {read.Elapsed.TotalSeconds:F1} s ({readRate:N0} activities/s) | XADD -c {redisClients}: {redisXadd:N0} req/s | {readRate / redisXadd:F2} |");

        Console.WriteLine();
        Console.WriteLine($"Where the time of one EmitBatch of {batchSize} goes (averages over {batches} calls; {callers} calls run at once):");
        Console.WriteLine("| phase | client: whole call | claim | enrich (Customers + broadcast lookup) | mailability (Customers) | append (build + Redis script) | rest: gRPC, (de)serialization, validation, auth |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var phase in phases)
        {
            var step = (string name) => phase.Steps.GetValueOrDefault(name) / batches;
            var rest = phase.CallMilliseconds - step("claim") - step("enrich") - step("mailability") - step("append");
            Console.WriteLine($"| {phase.Name} | {phase.CallMilliseconds:F1} ms | {step("claim"):F1} ms | {step("enrich"):F1} ms | {step("mailability"):F1} ms | {step("append"):F1} ms | {rest:F1} ms |");
        }

        Console.WriteLine();
        Console.WriteLine($"CPU per 1,000 activities (all {Environment.ProcessorCount} cores; the process hosts the client, Events and Customers):");
        Console.WriteLine("| phase | process CPU | JIT compiling (wall) | GC pauses | allocated | redis-server CPU | redis-server forks (AOF rewrites) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var phase in phases)
        {
            var per = 1000.0 / activities;
            var used = phase.Used;
            Console.WriteLine($"| {phase.Name} | {used.Cpu.TotalMilliseconds * per:F1} ms | {used.Jit.TotalMilliseconds * per:F1} ms | {used.GcPause.TotalMilliseconds * per:F1} ms | {used.Allocated * per / 1_048_576:F1} MiB | {used.RedisCpu.TotalMilliseconds * per:F1} ms | {used.RedisChildrenCpu.TotalMilliseconds * per:F1} ms ({used.AofRewrites} rewrites) |");
        }

        Console.WriteLine();
        Console.WriteLine("Redis, per EmitBatch call (INFO commandstats; a script's inner commands are counted under their own names too):");
        Console.WriteLine("| phase | command | calls per EmitBatch | µs per EmitBatch | µs per call |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var phase in phases)
        {
            foreach (var (command, stat) in phase.Redis.OrderByDescending(pair => pair.Value.Microseconds).Take(8))
            {
                Console.WriteLine($"| {phase.Name} | {command} | {(double)stat.Calls / batches:F1} | {stat.Microseconds / batches:N0} | {stat.Microseconds / Math.Max(1, stat.Calls):F1} |");
            }
        }

        return 0;
    }

    private const int MaxWarmUpRounds = 40;

    // Timers and the like compile a method now and then whatever the load.
    private const int QuietRoundCompilations = 10;

    private sealed record Phase(
        string Name, TimeSpan Elapsed, double CallMilliseconds, IReadOnlyDictionary<string, double> Steps,
        IReadOnlyDictionary<string, (long Calls, double Microseconds)> Redis, ProcessCounters Used);

    // What the CPU did during a phase, less sensitive to the other work on a shared machine than
    // a rate: this process (client, Events and Customers; the JIT and GC share of it) and
    // redis-server (its main process, and its forks for the append-only file's rewrites).
    private sealed record ProcessCounters(
        TimeSpan Cpu, TimeSpan Jit, TimeSpan GcPause, long Allocated, TimeSpan RedisCpu, TimeSpan RedisChildrenCpu, long AofRewrites)
    {
        public ProcessCounters Since(ProcessCounters before) => new(
            Cpu - before.Cpu, Jit - before.Jit, GcPause - before.GcPause, Allocated - before.Allocated,
            RedisCpu - before.RedisCpu, RedisChildrenCpu - before.RedisChildrenCpu, AofRewrites - before.AofRewrites);
    }

    private static ServiceFactory<TEntryPoint> Host<TEntryPoint>(RedisServer redis, int grpcPort, Dictionary<string, string?> settings)
        where TEntryPoint : class
    {
        settings["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
        settings["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        settings["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort.Next()}";
        settings["Logging:LogLevel:Default"] = "Warning";
        var factory = new ServiceFactory<TEntryPoint>(redis.ConnectionString, settings);
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    // One recipient of a bulk send: the sample broadcast, with the recipient's own InteractionId.
    private static NewActivity Broadcast(long customerId, long broadcastId)
    {
        var broadcast = Activities.Broadcast(customerId, broadcastId);
        broadcast.Broadcast.BroadcastManualOptions.Fields["InteractionId"] = Value.ForNumber(broadcastId * 1000 + customerId);
        return broadcast;
    }

    private static async Task<string> CreateTokenAsync(GrpcChannel channel) =>
        (await new Admin.AdminClient(channel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;

    private static async Task<ProcessCounters> ProcessCountersAsync(IServer redis)
    {
        var info = (await redis.InfoAsync()).SelectMany(group => group).ToDictionary(entry => entry.Key, entry => entry.Value);
        TimeSpan Seconds(params string[] names) =>
            TimeSpan.FromSeconds(names.Sum(name => double.Parse(info[name], CultureInfo.InvariantCulture)));
        return new ProcessCounters(
            Process.GetCurrentProcess().TotalProcessorTime, System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration(),
            GC.GetTotalAllocatedBytes(), Seconds("used_cpu_sys", "used_cpu_user"),
            Seconds("used_cpu_sys_children", "used_cpu_user_children"), long.Parse(info["aof_rewrites"], CultureInfo.InvariantCulture));
    }

    // cmdstat_<name>: calls=…,usec=…,…
    private static async Task<Dictionary<string, (long Calls, double Microseconds)>> CommandStatsAsync(IServer server)
    {
        var stats = new Dictionary<string, (long, double)>();
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group)
            {
                var fields = value.Split(',').Select(part => part.Split('=')).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
                stats[name.Replace("cmdstat_", "")] = (long.Parse(fields["calls"], CultureInfo.InvariantCulture), double.Parse(fields["usec"], CultureInfo.InvariantCulture));
            }
        }

        return stats;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }

    // Sums Events' emit step durations (meter Deployteq.Events) by step.
    private sealed class StepListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, double> _totals = new();

        public StepListener()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EmitMetrics.MeterName && instrument.Name == EmitMetrics.StepDurationName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "step" && tag.Value is string step)
                    {
                        _totals.AddOrUpdate(step, value, (_, total) => total + value);
                    }
                }
            });
            _listener.Start();
        }

        public void Reset() => _totals.Clear();

        public IReadOnlyDictionary<string, double> Totals() => new Dictionary<string, double>(_totals);

        public void Dispose() => _listener.Dispose();
    }
}
