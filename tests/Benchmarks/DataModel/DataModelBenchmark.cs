using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.DataModel.Grpc;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using RecordsClient = Deployteq.DataModel.V1.Records.RecordsClient;
using Value = Deployteq.DataModel.V1.Value;

namespace Deployteq.Benchmarks.DataModel;

// Issue 10's figures: 100,000 order records imported through ImportRecords, then read back by
// key through GetRecord over gRPC and GET /v1/modules/orders/records/{key} over REST, each from
// 50 concurrent callers, with Customers and DataModel in-process on real sockets, next to
// `redis-benchmark -c 50` HSET and GET run just before against the same redis-server. The import's
// customer checks come from the cache once the brand's change feed is live; every read asks
// Customers (BatchGetCustomers) besides its one HGETALL.
public static class DataModelBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = Option(args, "--records", 100_000);
        var seconds = Option(args, "--seconds", 15);
        var callers = Option(args, "--callers", 50);
        const int customerCount = 1000;

        await using var redis = await RedisServer.StartAsync();
        Console.WriteLine($"redis-benchmark -c {callers} HSET and GET ...");
        var redisHset = await ReferenceBenchmark.RunAsync(redis, callers, 200_000, "-t", "hset");
        var redisGet = await ReferenceBenchmark.RunAsync(redis, callers, 500_000, "-t", "get");

        var customersGrpc = FreePort.Next();
        await using var customersHost = Host<CustomersService>(redis, customersGrpc, FreePort.Next(), []);
        var dataModelGrpc = FreePort.Next();
        var dataModelHttp = FreePort.Next();
        await using var dataModelHost = Host<ModulesService>(redis, dataModelGrpc, dataModelHttp, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = $"http://127.0.0.1:{customersGrpc}",
        });
        using var customersChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{customersGrpc}");
        using var dataModelChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{dataModelGrpc}");

        var token = (await new Admin.AdminClient(customersChannel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;
        var customerIds = await CreateCustomersAsync(customersChannel, token, customerCount);
        await new Modules.ModulesClient(dataModelChannel.WithBearer(token))
            .CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
        var recordsClient = new RecordsClient(dataModelChannel.WithBearer(token));

        Console.WriteLine($"importing {records:N0} order records ...");
        var import = Stopwatch.StartNew();
        using (var call = recordsClient.ImportRecords())
        {
            var date = Timestamp.FromDateTime(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));
            for (var i = 0; i < records; i++)
            {
                await call.RequestStream.WriteAsync(new ImportRecordRow
                {
                    Module = "orders",
                    Record = new Deployteq.DataModel.V1.Record
                    {
                        CustomerId = customerIds[i % customerCount],
                        Values =
                        {
                            ["order_number"] = new Value { StringValue = $"ORD-{i}" },
                            ["order_date"] = new Value { DateTimeValue = date },
                            ["total"] = new Value { DecimalValue = $"{i % 1000}.{i % 100:D2}" },
                            ["currency"] = new Value { StringValue = "EUR" },
                            ["status"] = new Value { StringValue = "paid" },
                        },
                    },
                });
            }

            await call.RequestStream.CompleteAsync();
            var result = await call;
            if (result.Created != records)
            {
                throw new InvalidOperationException($"Import created {result.Created} of {records} records ({result.Rejected} rejected).");
            }
        }

        import.Stop();
        var afterImport = await ScriptStatsAsync(redis);

        Console.WriteLine($"GetRecord over gRPC, {callers} callers, 5 s warm-up, then {seconds} s ...");
        var grpcRate = await DriveAsync(callers, seconds, records, async (_, key) =>
            await recordsClient.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = key }));

        Console.WriteLine($"GET /v1/modules/orders/records/{{key}} over REST, {callers} callers, 5 s warm-up, then {seconds} s ...");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{dataModelHttp}"),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var restRate = await DriveAsync(callers, seconds, records, async (_, key) =>
        {
            using var response = await http.GetAsync($"/v1/modules/orders/records/{key}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {key}: {response.StatusCode}");
            }

            await response.Content.ReadAsByteArrayAsync();
        });

        Console.WriteLine();
        Console.WriteLine($"upsert script during the import: {afterImport}");
        Console.WriteLine("| measurement | figure | reference (redis-benchmark, same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        var importRate = records / import.Elapsed.TotalSeconds;
        Console.WriteLine($"| ImportRecords, {records:N0} records | {import.Elapsed.TotalSeconds:F1} s ({importRate:N0} records/s) | HSET -c {callers}: {redisHset:N0} req/s | {importRate / redisHset:P1} |");
        Console.WriteLine($"| GetRecord over gRPC, {callers} callers, {seconds} s | {grpcRate:N0} calls/s | GET -c {callers}: {redisGet:N0} req/s | {grpcRate / redisGet:P1} |");
        Console.WriteLine($"| GET record over REST/JSON, {callers} callers, {seconds} s | {restRate:N0} calls/s | GET -c {callers}: {redisGet:N0} req/s | {restRate / redisGet:P1} |");
        return 0;
    }

    private static async Task<List<long>> CreateCustomersAsync(GrpcChannel channel, string token, int count)
    {
        var customers = new Deployteq.Customers.V1.Customers.CustomersClient(channel.WithBearer(token));
        using (var call = customers.ImportCustomers())
        {
            for (var i = 0; i < count; i++)
            {
                await call.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"buyer{i}@example.com" });
            }

            await call.RequestStream.CompleteAsync();
            await call;
        }

        var ids = new List<long>();
        var page = "";
        do
        {
            var list = await customers.ListCustomersAsync(new ListCustomersRequest { PageSize = 1000, PageToken = page });
            ids.AddRange(list.Customers.Select(c => c.Id));
            page = list.NextPageToken;
        }
        while (page.Length > 0);

        return ids;
    }

    // Calls per second over `seconds`, after a 5 s warm-up that is not counted.
    private static async Task<double> DriveAsync(int callers, int seconds, int records, Func<int, string, Task> call)
    {
        var warmUp = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(warmUp + TimeSpan.FromSeconds(seconds));
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            long done = 0;
            while (!stop.IsCancellationRequested)
            {
                await call(caller, $"ORD-{random.Next(records)}");
                if (clock.Elapsed >= warmUp)
                {
                    done++;
                }
            }

            return done;
        })));
        return counts.Sum() / (double)seconds;
    }

    // Redis's own time in the upsert script, to say where the import's time goes.
    private static async Task<string> ScriptStatsAsync(RedisServer redis)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var lines = new List<string>();
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group.Where(entry => entry.Key is "cmdstat_evalsha" or "cmdstat_eval"))
            {
                lines.Add($"{name}: {value}");
            }
        }

        return string.Join("; ", lines);
    }

    private static ServiceFactory<TEntryPoint> Host<TEntryPoint>(RedisServer redis, int grpcPort, int httpPort, Dictionary<string, string?> settings)
        where TEntryPoint : class
    {
        settings["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
        settings["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        settings["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}";
        settings["Kestrel:Endpoints:http:Protocols"] = "Http1";
        settings["Logging:LogLevel:Default"] = "Warning";
        var factory = new ServiceFactory<TEntryPoint>(redis.ConnectionString, settings);
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }
}
