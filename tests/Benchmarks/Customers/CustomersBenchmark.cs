using System.Diagnostics;
using Deployteq.Benchmarks.Floor;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using FloorClient = Deployteq.Benchmarks.Floor.Floor.FloorClient;

namespace Deployteq.Benchmarks.Customers;

// A 100,000-row bulk import, then GetCustomerByEmailAddress with 50 concurrent callers over a
// real socket, next to its floor: a trivial gRPC method doing one Redis GET (and one doing
// nothing), hosted in the same Customers host and driven by the same client in the same run.
// The methods take turns (--rounds), so that a neighbour's load on the machine falls on each
// alike. redis-benchmark's GET is printed too, as Redis's own speed on this machine today.
public static class CustomersBenchmark
{
    internal const int Callers = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 100_000);
        var seconds = Option(args, "--seconds", 10);
        var rounds = Option(args, "--rounds", 2);
        var connections = Option(args, "--connections", 1);

        await using var redis = await RedisServer.StartAsync();
        Console.WriteLine($"redis-benchmark -t get -c {Callers} ...");
        var redisGet = await ReferenceBenchmark.RunAsync(redis, Callers, 500_000, "-t", "get");

        var grpcPort = FreePort.Next();
        await using var factory = new ServiceFactory<CustomersService>(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        factory.WithServices(services => services.AddTransient<IStartupFilter, MapFloorService>());
        factory.UseKestrel();
        factory.StartServer();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

        var token = await CreateTokenAsync(channel);
        var customers = new CustomersClient(channel.WithBearer(token));
        var import = await ImportAsync(customers, rows);

        // The floor's value: a customer as the lookup returns it, so both move as many bytes.
        var sample = await customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "customer0@example.com" });
        const string floorKey = "bench:{floor}:value";
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            await connection.GetDatabase().StringSetAsync(floorKey, sample.ToByteArray());
        }

        // --connections spreads the callers over several HTTP/2 connections, as several client
        // processes would.
        var channels = Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}")).ToList();
        var measured = new Dictionary<string, Measurement>
        {
            ["nothing"] = new(),
            ["one GET"] = new(),
            ["lookup"] = new(),
        };
        Func<int, Func<Random, Task>> nothing = caller =>
        {
            var client = new FloorClient(channels[caller % connections].WithBearer(token));
            var request = new NothingRequest();
            return _ => client.NothingAsync(request).ResponseAsync;
        };
        Func<int, Func<Random, Task>> oneGet = caller =>
        {
            var client = new FloorClient(channels[caller % connections].WithBearer(token));
            var request = new OneGetRequest { Key = floorKey };
            return _ => client.OneGetAsync(request).ResponseAsync;
        };
        Func<int, Func<Random, Task>> lookup = caller =>
        {
            var client = new CustomersClient(channels[caller % connections].WithBearer(token));
            return random => client.GetCustomerByEmailAddressAsync(
                new GetCustomerByEmailAddressRequest { EmailAddress = $"customer{random.Next(rows)}@example.com" }).ResponseAsync;
        };

        await using var stats = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = stats.GetServer(stats.GetEndPoints()[0]);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round} of {rounds}: {Callers} callers on {connections} connection(s), 3 s warm-up then {seconds} s per method ...");
            await DriveAsync(measured["nothing"], nothing, seconds, server);
            await DriveAsync(measured["one GET"], oneGet, seconds, server);
            await DriveAsync(measured["lookup"], lookup, seconds, server);
        }

        channels.ForEach(open => open.Dispose());
        var floor = measured["one GET"];
        var lookups = measured["lookup"];
        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| bulk import of {rows:N0} rows | {import.TotalSeconds:F1} s ({rows / import.TotalSeconds:N0} rows/s) | | |");
        Console.WriteLine($"| empty gRPC method, {Callers} callers | {measured["nothing"].Rate:N0} calls/s | | |");
        Console.WriteLine($"| one-GET gRPC method (the floor), {Callers} callers | {floor.Rate:N0} calls/s | GET -c {Callers} (redis-benchmark): {redisGet:N0} req/s | {floor.Rate / redisGet:F2} |");
        Console.WriteLine($"| GetCustomerByEmailAddress, {Callers} callers | {lookups.Rate:N0} calls/s | one-GET floor: {floor.Rate:N0} calls/s | **{lookups.Rate / floor.Rate:F2}** |");
        Console.WriteLine();
        Console.WriteLine("Where the time goes (per call; this process holds the service and the client, on the same cores as redis-server):");
        foreach (var (name, measurement) in measured)
        {
            Console.WriteLine($"  {name,-8} service + client process {measurement.CpuMicrosecondsPerCall:F1} µs CPU; redis-server {measurement.RedisCpuMicrosecondsPerCall:F1} µs CPU");
        }

        return 0;
    }

    internal static async Task<TimeSpan> ImportAsync(CustomersClient customers, int rows)
    {
        Console.WriteLine($"importing {rows:N0} rows ...");
        var import = Stopwatch.StartNew();
        using var call = customers.ImportCustomers();
        for (var i = 0; i < rows; i++)
        {
            await call.RequestStream.WriteAsync(new ImportCustomerRow
            {
                EmailAddress = $"customer{i}@example.com",
                ExternalId = $"ext-{i}",
                Fields = { ["first_name"] = "Jane", ["city"] = "Utrecht" },
            });
        }

        await call.RequestStream.CompleteAsync();
        var result = await call;
        if (result.Created != rows)
        {
            throw new InvalidOperationException($"Import created {result.Created} of {rows} rows ({result.Rejected} rejected).");
        }

        return import.Elapsed;
    }

    // Callers run the call back to back; only calls after the warm-up count.
    internal static async Task DriveAsync(Measurement into, Func<int, Func<Random, Task>> callFor, int seconds, IServer redis)
    {
        var warmUp = TimeSpan.FromSeconds(3);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(warmUp + TimeSpan.FromSeconds(seconds));
        var counting = new TaskCompletionSource();
        var snapshot = Task.Run(async () =>
        {
            await Task.Delay(warmUp);
            var before = (Cpu: Process.GetCurrentProcess().TotalProcessorTime, Redis: await RedisCpuAsync(redis));
            counting.SetResult();
            return before;
        });
        var counts = await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var call = callFor(caller);
            var random = new Random(caller);
            long done = 0;
            while (!stop.IsCancellationRequested)
            {
                await call(random);
                if (counting.Task.IsCompleted)
                {
                    done++;
                }
            }

            return done;
        })));
        var elapsed = clock.Elapsed - warmUp;
        var (cpuBefore, redisBefore) = await snapshot;
        var redisAfter = await RedisCpuAsync(redis);
        into.Add(counts.Sum(), elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, redisAfter - redisBefore);
    }

    // The CPU time redis-server has used so far (INFO cpu, main thread and the rest).
    private static async Task<TimeSpan> RedisCpuAsync(IServer redis)
    {
        double seconds = 0;
        foreach (var group in await redis.InfoAsync("cpu"))
        {
            foreach (var entry in group.Where(entry => entry.Key is "used_cpu_sys" or "used_cpu_user"))
            {
                seconds += double.Parse(entry.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return TimeSpan.FromSeconds(seconds);
    }

    internal static async Task<string> CreateTokenAsync(GrpcChannel channel) =>
        (await new Admin.AdminClient(channel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;

    internal static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }

    internal sealed class Measurement
    {
        private long _calls;
        private TimeSpan _elapsed;
        private TimeSpan _cpu;
        private TimeSpan _redisCpu;

        public double Rate => _calls / _elapsed.TotalSeconds;

        public double CpuMicrosecondsPerCall => _cpu.TotalMicroseconds / _calls;

        public double RedisCpuMicrosecondsPerCall => _redisCpu.TotalMicroseconds / _calls;

        public void Add(long calls, TimeSpan elapsed, TimeSpan cpu, TimeSpan redisCpu)
        {
            _calls += calls;
            _elapsed += elapsed;
            _cpu += cpu;
            _redisCpu += redisCpu;
        }
    }
}
