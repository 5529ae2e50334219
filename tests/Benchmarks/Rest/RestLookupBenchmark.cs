using System.Net.Http.Headers;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.Benchmarks.Measuring;
using Deployteq.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Net.Client;
using StackExchange.Redis;
using static Deployteq.Benchmarks.Customers.CustomersBenchmark;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Benchmarks.Rest;

// The same customer lookup by e-mail address two ways, against one Customers host in the same
// run: gRPC (HTTP/2 on the grpc endpoint, one connection, as a gRPC client holds it) and REST/JSON
// (GET /v1/customers:lookupByEmailAddress on the HTTP/1.1 endpoint, pooled keep-alive
// connections, one per concurrent caller, as HttpClient holds them). The two take turns
// (--rounds), so that a neighbour's load on the machine falls on each alike.
public static class RestLookupBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 20_000);
        var seconds = Option(args, "--seconds", 10);
        var rounds = Option(args, "--rounds", 2);

        await using var redis = await RedisServer.StartAsync();
        var grpcUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var factory = new ServiceFactory<CustomersService>(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:grpc:Url"] = grpcUrl,
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:http:Url"] = httpUrl,
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        factory.UseKestrel();
        factory.StartServer();
        using var channel = GrpcChannel.ForAddress(grpcUrl);
        var token = await CreateTokenAsync(channel);
        var customers = new CustomersClient(channel.WithBearer(token));
        await ImportAsync(customers, rows);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Callers }) { BaseAddress = new Uri(httpUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sample = await http.GetAsync("/v1/customers:lookupByEmailAddress?emailAddress=customer0@example.com");
        var sampleBytes = (await sample.Content.ReadAsByteArrayAsync()).Length;
        if (!sample.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The REST lookup answered {sample.StatusCode}.");
        }

        var grpc = new Measurement();
        var rest = new Measurement();
        Func<int, Func<Random, Task>> grpcLookup = _ => random => customers.GetCustomerByEmailAddressAsync(
            new GetCustomerByEmailAddressRequest { EmailAddress = $"customer{random.Next(rows)}@example.com" }).ResponseAsync;
        Func<int, Func<Random, Task>> restLookup = _ => async random =>
        {
            using var response = await http.GetAsync($"/v1/customers:lookupByEmailAddress?emailAddress=customer{random.Next(rows)}@example.com");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        };

        await using var stats = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = stats.GetServer(stats.GetEndPoints()[0]);
        var driver = new CallDriver(server, [factory.Services.GetRequiredService<IConnectionMultiplexer>()]);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round} of {rounds}: {Callers} callers, 3 s warm-up then {seconds} s per form ...");
            await driver.DriveAsync(grpc, Callers, grpcLookup, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));
            await driver.DriveAsync(rest, Callers, restLookup, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(seconds));
        }

        Console.WriteLine();
        Console.WriteLine("| measurement | figure | reference (same run) | ratio |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| GetCustomerByEmailAddress over gRPC, {Callers} callers, 1 HTTP/2 connection | {grpc.Rate:N0} calls/s | | |");
        Console.WriteLine($"| GET /v1/customers:lookupByEmailAddress (REST/JSON), {Callers} callers, HTTP/1.1 keep-alive | {rest.Rate:N0} calls/s | gRPC: {grpc.Rate:N0} calls/s | **{rest.Rate / grpc.Rate:F2}** |");
        Console.WriteLine();
        Console.WriteLine($"Where the time goes (per call; this process holds the service and the client, on the same cores as redis-server; a REST answer is {sampleBytes} bytes of JSON):");
        Console.WriteLine($"  gRPC  {grpc.Cost.Per(grpc.Calls, "call")}");
        Console.WriteLine($"  REST  {rest.Cost.Per(rest.Calls, "call")}");
        return 0;
    }
}
