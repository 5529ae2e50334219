using System.Diagnostics;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;

namespace Deployteq.Benchmarks.Customers;

// Issue 2's figures: a 100,000-row bulk import, and GetCustomerByEmailAddress with 50 concurrent
// callers for 20 s over a real socket, next to `redis-benchmark -t get -c 50`.
public static class CustomersBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 100_000);
        var seconds = Option(args, "--seconds", 20);
        var connections = Option(args, "--connections", 1);
        const int callers = 50;

        await using var redis = await RedisServer.StartAsync();
        Console.WriteLine($"redis-benchmark -t get -c {callers} ...");
        var redisGet = await ReferenceBenchmark.RunAsync(redis, callers, 500_000, "-t", "get");

        var grpcPort = FreePort.Next();
        await using var factory = new ServiceFactory<CustomersService>(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        factory.UseKestrel();
        factory.StartServer();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");

        var token = await CreateTokenAsync(channel);
        var customers = new Deployteq.Customers.V1.Customers.CustomersClient(channel.WithBearer(token));

        Console.WriteLine($"importing {rows:N0} rows ...");
        var import = Stopwatch.StartNew();
        using (var call = customers.ImportCustomers())
        {
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
        }

        import.Stop();

        Console.WriteLine($"GetCustomerByEmailAddress, {callers} callers on {connections} connection(s), 5 s warm-up, then {seconds} s ...");
        // --connections spreads the callers over several HTTP/2 connections, as several client
        // processes would; measured here, it changes little.
        var channels = Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}")).ToList();
        // The first seconds run tier-0 JIT code on both sides; they are not counted.
        var warmUp = TimeSpan.FromSeconds(5);
        var counting = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(warmUp + TimeSpan.FromSeconds(seconds));
        var lookups = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var client = new Deployteq.Customers.V1.Customers.CustomersClient(
                channels[caller % connections].WithBearer(token));
            var random = new Random(caller);
            long done = 0;
            while (!stop.IsCancellationRequested)
            {
                var request = new GetCustomerByEmailAddressRequest { EmailAddress = $"customer{random.Next(rows)}@example.com" };
                await client.GetCustomerByEmailAddressAsync(request);
                if (counting.Elapsed >= warmUp)
                {
                    done++;
                }
            }

            return done;
        })));
        channels.ForEach(channel => channel.Dispose());
        var lookupRate = lookups.Sum() / (double)seconds;

        await PrintScriptCallsAsync(redis);
        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (redis-benchmark, same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| bulk import of {rows:N0} rows | {import.Elapsed.TotalSeconds:F1} s ({rows / import.Elapsed.TotalSeconds:N0} rows/s) | | |");
        Console.WriteLine($"| GetCustomerByEmailAddress, {callers} callers, {seconds} s | {lookupRate:N0} calls/s | GET -c {callers}: {redisGet:N0} req/s | {lookupRate / redisGet:P1} |");
        return 0;
    }

    private static async Task<string> CreateTokenAsync(GrpcChannel channel) =>
        (await new Admin.AdminClient(channel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;

    // How the scripts reached Redis: EVALSHA once a script is known, EVAL only for first sight.
    private static async Task PrintScriptCallsAsync(RedisServer redis)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group.Where(entry => entry.Key is "cmdstat_eval" or "cmdstat_evalsha"))
            {
                Console.WriteLine($"{name}: {value}");
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }
}
