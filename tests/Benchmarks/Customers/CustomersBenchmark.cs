using System.Diagnostics;
using Deployteq.Benchmarks.Floor;
using Deployteq.Benchmarks.Measuring;
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
        await using var stats = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = stats.GetServer(stats.GetEndPoints()[0]);
        IConnectionMultiplexer[] service = [factory.Services.GetRequiredService<IConnectionMultiplexer>()];
        var beforeImport = await CostSnapshot.TakeAsync(server, service);
        var import = await ImportAsync(customers, rows);
        var importCost = await CostSnapshot.TakeAsync(server, service) - beforeImport;

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

        var driver = new CallDriver(server, service);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round} of {rounds}: {Callers} callers on {connections} connection(s), 3 s warm-up then {seconds} s per method ...");
            foreach (var (name, callFor) in new[] { ("nothing", nothing), ("one GET", oneGet), ("lookup", lookup) })
            {
                await driver.DriveAsync(measured[name], Callers, callFor, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));
            }
        }

        channels.ForEach(open => open.Dispose());
        var floor = measured["one GET"];
        var lookups = measured["lookup"];
        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| bulk import of {rows:N0} rows | {import.TotalSeconds:F1} s ({rows / import.TotalSeconds:N0} rows/s) | aim: 3 s | {import.TotalSeconds / 3:F2} of the aim's time |");
        Console.WriteLine($"| empty gRPC method, {Callers} callers | {measured["nothing"].Rate:N0} calls/s | | |");
        Console.WriteLine($"| one-GET gRPC method (the floor), {Callers} callers | {floor.Rate:N0} calls/s | GET -c {Callers} (redis-benchmark): {redisGet:N0} req/s | {floor.Rate / redisGet:F2} |");
        Console.WriteLine($"| GetCustomerByEmailAddress, {Callers} callers | {lookups.Rate:N0} calls/s | one-GET floor: {floor.Rate:N0} calls/s | **{lookups.Rate / floor.Rate:F2}** |");
        Console.WriteLine();
        Console.WriteLine("Where the time goes (this process holds the service and the client, on the same cores as redis-server):");
        Console.WriteLine($"  import   {importCost.Per(rows, "row")}");
        foreach (var (name, measurement) in measured)
        {
            Console.WriteLine($"  {name,-8} {measurement.Cost.Per(measurement.Calls, "call")}");
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

    internal static async Task<string> CreateTokenAsync(GrpcChannel channel) =>
        (await new Admin.AdminClient(channel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;

    internal static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }
}
