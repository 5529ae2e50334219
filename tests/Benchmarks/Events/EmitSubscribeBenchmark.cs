using System.Diagnostics;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.Events.Grpc;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.Benchmarks.Events;

// Issue 3's figures: 200,000 activities emitted through EmitBatch, then read back through
// Subscribe, over real sockets with Customers and Events in-process, next to
// `redis-benchmark -c 50 -n 200000 XADD` run just before against the same redis-server.
public static class EmitSubscribeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var activities = Option(args, "--activities", 200_000);
        var batchSize = Option(args, "--batch", EventsService.MaxBatchSize);
        var callers = Option(args, "--callers", 4);
        const int customerCount = 100;
        const int redisClients = 50;

        await using var redis = await RedisServer.StartAsync();
        // An entry about the size of a stored broadcast activity (~450 bytes of protobuf).
        var payload = new string('x', 450);
        Console.WriteLine($"redis-benchmark -c {redisClients} -n {activities} XADD ...");
        var redisXadd = await ReferenceBenchmark.RunAsync(redis, redisClients, activities, "XADD", "bench:stream", "*", "a", payload);

        var customersGrpc = FreePort.Next();
        await using var customersHost = Host<CustomersService>(redis, customersGrpc, []);
        var eventsGrpc = FreePort.Next();
        await using var eventsHost = Host<EventsService>(redis, eventsGrpc, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = $"http://127.0.0.1:{customersGrpc}",
        });
        using var customersChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{customersGrpc}");
        using var eventsChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{eventsGrpc}");

        var token = await CreateTokenAsync(customersChannel);
        var customers = new Deployteq.Customers.V1.Customers.CustomersClient(customersChannel.WithBearer(token));
        var customerIds = new List<long>();
        for (var i = 0; i < customerCount; i++)
        {
            customerIds.Add((await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"r{i}@example.com" })).Id);
        }

        var events = new EventsClient(eventsChannel.WithBearer(token));
        var batches = (activities + batchSize - 1) / batchSize;
        Console.WriteLine($"emitting {activities:N0} broadcasts in {batches:N0} batches of {batchSize}, {callers} callers ...");
        var nextBatch = -1;
        string? firstCursor = null;
        var emit = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref nextBatch)) < batches)
            {
                var request = new EmitBatchRequest();
                var size = Math.Min(batchSize, activities - batch * batchSize);
                for (var i = 0; i < size; i++)
                {
                    request.Activities.Add(Broadcast(customerIds[(batch * batchSize + i) % customerCount], broadcastId: 1 + batch));
                }

                var response = await events.EmitBatchAsync(request);
                if (batch == 0)
                {
                    firstCursor = response.Results[0].Cursor;
                }
            }
        })));
        emit.Stop();

        Console.WriteLine($"reading {activities:N0} back through Subscribe ...");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var read = Stopwatch.StartNew();
        var received = 0;
        using (var call = events.Subscribe(new SubscribeRequest { FromOldest = new Empty() }, cancellationToken: timeout.Token))
        {
            while (received < activities && await call.ResponseStream.MoveNext(timeout.Token))
            {
                received++;
            }
        }

        read.Stop();
        if (received != activities || firstCursor is null)
        {
            throw new InvalidOperationException($"Read {received:N0} of {activities:N0} activities.");
        }

        await PrintRedisTimeAsync(redis);
        var emitRate = activities / emit.Elapsed.TotalSeconds;
        var readRate = activities / read.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (redis-benchmark, same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| EmitBatch, {activities:N0} activities, batches of {batchSize}, {callers} callers | {emit.Elapsed.TotalSeconds:F1} s ({emitRate:N0} activities/s) | XADD -c {redisClients}: {redisXadd:N0} req/s | {emitRate / redisXadd:P1} |");
        Console.WriteLine($"| Subscribe from the oldest, {activities:N0} activities, one subscriber | {read.Elapsed.TotalSeconds:F1} s ({readRate:N0} activities/s) | XADD -c {redisClients}: {redisXadd:N0} req/s | {readRate / redisXadd:P1} |");
        return 0;
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

    // One recipient of a bulk send: the details of Pega's broadcast example.
    private static NewActivity Broadcast(long customerId, long broadcastId) => new()
    {
        Metric = Metric.Broadcasts,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Broadcast = new BroadcastDetails
        {
            BroadcastEventType = "EMAIL",
            SubType = "CAMPAIGN",
            CampaignId = 24,
            CampaignName = "webhook order confirmation",
            CampaignObjectId = 3,
            ContentId = 339,
            ContentName = "Order confirmation",
            Subject = "Bedankt voor je bestelling",
            BroadcastManualOptions = new Struct
            {
                Fields = { ["UniqueOfferId"] = Value.ForString("OFFER-17"), ["CustomerCount"] = Value.ForNumber(1), ["campagne"] = Value.ForNull() },
            },
        },
    };

    private static async Task<string> CreateTokenAsync(GrpcChannel channel) =>
        (await new Admin.AdminClient(channel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;

    // Where Redis spent its time: tells whether the service or Redis is the bottleneck.
    private static async Task PrintRedisTimeAsync(RedisServer redis)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group.Where(entry => entry.Key is "cmdstat_evalsha" or "cmdstat_eval" or "cmdstat_xrange" or "cmdstat_xadd"))
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
