using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Deployteq.Benchmarks.Floor;
using Deployteq.Benchmarks.Measuring;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.DataModel.Grpc;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using FloorClient = Deployteq.Benchmarks.Floor.Floor.FloorClient;
using RecordsClient = Deployteq.DataModel.V1.Records.RecordsClient;
using Value = Deployteq.DataModel.V1.Value;

namespace Deployteq.Benchmarks.DataModel;

// 100,000 order records imported through ImportRecords (next to `redis-benchmark -c 50` HSET),
// then read back by key through GetRecord over gRPC and GET /v1/modules/orders/records/{key} over
// REST, each from 50 concurrent callers, next to the one-GET gRPC floor (a trivial gRPC method
// doing one Redis GET of a record's bytes, mapped into DataModel's own host: the same Kestrel,
// interceptors and multiplexer) driven by the same client in the same run, in turns (--rounds).
// Customers and DataModel run in-process on real sockets; each figure comes with where its time
// goes: CPU of this process and of redis-server, Redis commands and scripts, calls to Customers.
public static class DataModelBenchmark
{
    private const string BatchGetCustomers = "/deployteq.customers.v1.Customers/BatchGetCustomers";

    public static async Task<int> RunAsync(string[] args)
    {
        var records = Option(args, "--records", 100_000);
        var seconds = Option(args, "--seconds", 10);
        var callers = Option(args, "--callers", 50);
        var rounds = Option(args, "--rounds", 2);
        const int customerCount = 1000;

        await using var redis = await RedisServer.StartAsync();
        Console.WriteLine($"redis-benchmark -c {callers} HSET and GET ...");
        var redisHset = await ReferenceBenchmark.RunAsync(redis, callers, 200_000, "-t", "hset");
        var redisGet = await ReferenceBenchmark.RunAsync(redis, callers, 500_000, "-t", "get");

        var customersGrpc = FreePort.Next();
        var batchGets = new CallCounter(BatchGetCustomers);
        await using var customersHost = Host<CustomersService>(redis, customersGrpc, FreePort.Next(), [], services =>
        {
            services.AddSingleton(batchGets);
            services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<CallCounter>());
        });
        var dataModelGrpc = FreePort.Next();
        var dataModelHttp = FreePort.Next();
        await using var dataModelHost = Host<ModulesService>(redis, dataModelGrpc, dataModelHttp, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = $"http://127.0.0.1:{customersGrpc}",
        }, services => services.AddTransient<IStartupFilter, MapFloorService>());
        using var customersChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{customersGrpc}");
        using var dataModelChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{dataModelGrpc}");

        var token = (await new Admin.AdminClient(customersChannel.WithBearer(ServiceFactory<CustomersService>.AdminKey)).CreateAsync("bench", "bench", "bench")).Token;
        var customerIds = await CreateCustomersAsync(customersChannel, token, customerCount);
        await new Modules.ModulesClient(dataModelChannel.WithBearer(token))
            .CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
        var recordsClient = new RecordsClient(dataModelChannel.WithBearer(token));

        await using var stats = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = stats.GetServer(stats.GetEndPoints()[0]);
        IConnectionMultiplexer[] services =
        [
            customersHost.Services.GetRequiredService<IConnectionMultiplexer>(), dataModelHost.Services.GetRequiredService<IConnectionMultiplexer>(),
        ];
        Console.WriteLine($"importing {records:N0} order records ...");
        var beforeImport = await CostSnapshot.TakeAsync(server, services);
        var batchGetsBefore = batchGets.Calls;
        var import = await ImportAsync(recordsClient, customerIds, records);
        var importCost = await CostSnapshot.TakeAsync(server, services) - beforeImport;
        var importBatchGets = batchGets.Calls - batchGetsBefore;

        // The floor's value: a record as GetRecord returns it, so both move as many bytes.
        const string floorKey = "bench:{floor}:record";
        var sample = await recordsClient.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "ORD-0" });
        await stats.GetDatabase().StringSetAsync(floorKey, sample.ToByteArray());

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{dataModelHttp}"),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var floorClient = new FloorClient(dataModelChannel.WithBearer(token));
        var oneGet = new OneGetRequest { Key = floorKey };
        var methods = new (string Name, Func<int, Func<Random, Task>> CallFor)[]
        {
            ("one GET", _ => _ => floorClient.OneGetAsync(oneGet).ResponseAsync),
            ("GetRecord", _ => random => recordsClient.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = $"ORD-{random.Next(records)}" }).ResponseAsync),
            ("REST GET", _ => async random =>
            {
                using var response = await http.GetAsync($"/v1/modules/orders/records/ORD-{random.Next(records)}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"GET: {response.StatusCode}");
                }

                await response.Content.ReadAsByteArrayAsync();
            }),
        };
        var measured = methods.ToDictionary(method => method.Name, _ => new Measurement());
        var driver = new CallDriver(server, services, () => batchGets.Calls);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round} of {rounds}: {callers} callers, 5 s warm-up then {seconds} s per method ...");
            foreach (var (name, callFor) in methods)
            {
                await driver.DriveAsync(measured[name], callers, callFor, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(seconds));
            }
        }

        var floor = measured["one GET"];
        var importRate = records / import.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| ImportRecords, {records:N0} records | {import.TotalSeconds:F1} s ({importRate:N0} records/s) | HSET -c {callers} (redis-benchmark): {redisHset:N0} req/s | **{importRate / redisHset:F2}** |");
        Console.WriteLine($"| one-GET gRPC method (the floor), {callers} callers | {floor.Rate:N0} calls/s | GET -c {callers} (redis-benchmark): {redisGet:N0} req/s | {floor.Rate / redisGet:F2} |");
        Console.WriteLine($"| GetRecord over gRPC, {callers} callers | {measured["GetRecord"].Rate:N0} calls/s | one-GET floor: {floor.Rate:N0} calls/s | **{measured["GetRecord"].Rate / floor.Rate:F2}** |");
        Console.WriteLine($"| GET record over REST/JSON, {callers} callers | {measured["REST GET"].Rate:N0} calls/s | one-GET floor: {floor.Rate:N0} calls/s | **{measured["REST GET"].Rate / floor.Rate:F2}** |");
        Console.WriteLine();
        Console.WriteLine("Where the time goes (this process holds Customers, DataModel and the client, on the same cores as redis-server):");
        Console.WriteLine($"  import    {importCost.Per(records, "record")}, {(double)importBatchGets / records:F4} BatchGetCustomers calls");
        foreach (var (name, measurement) in measured)
        {
            Console.WriteLine($"  {name,-9} {measurement.Cost.Per(measurement.Calls, "call")}, {measurement.OtherCallsPerCall:F4} BatchGetCustomers calls");
        }

        return 0;
    }

    private static async Task<TimeSpan> ImportAsync(RecordsClient recordsClient, List<long> customerIds, int records)
    {
        var import = Stopwatch.StartNew();
        using var call = recordsClient.ImportRecords();
        var date = Timestamp.FromDateTime(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));
        for (var i = 0; i < records; i++)
        {
            await call.RequestStream.WriteAsync(new ImportRecordRow
            {
                Module = "orders",
                Record = new Deployteq.DataModel.V1.Record
                {
                    CustomerId = customerIds[i % customerIds.Count],
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

        return import.Elapsed;
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

    private static ServiceFactory<TEntryPoint> Host<TEntryPoint>(
        RedisServer redis, int grpcPort, int httpPort, Dictionary<string, string?> settings, Action<IServiceCollection> services)
        where TEntryPoint : class
    {
        settings["Kestrel:Endpoints:grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
        settings["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        settings["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{httpPort}";
        settings["Kestrel:Endpoints:http:Protocols"] = "Http1";
        settings["Logging:LogLevel:Default"] = "Warning";
        var factory = new ServiceFactory<TEntryPoint>(redis.ConnectionString, settings);
        factory.WithServices(services);
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
