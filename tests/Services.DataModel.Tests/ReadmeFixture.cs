using Deployteq.Customers.Grpc;
using Deployteq.Events.Grpc;
using Deployteq.TestSupport;

namespace Deployteq.DataModel.Tests;

// What a newcomer's `./run.sh` offers the README's examples, on real loopback sockets and an empty
// Redis: Customers, Events and DataModel, each with its HTTP/1.1 (REST) and gRPC endpoint, Events
// and DataModel reaching Customers by service discovery.
public sealed class ReadmeFixture : IAsyncLifetime
{
    private ServiceFactory<CustomersService>? _customers;
    private ServiceFactory<EventsService>? _events;

    public RedisFixture Redis { get; } = new();

    public string CustomersHttpUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public string EventsHttpUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public DataModelHost DataModel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        var customersGrpcUrl = $"http://127.0.0.1:{FreePort.Next()}";
        _customers = Start<CustomersService>(customersGrpcUrl, CustomersHttpUrl, []);
        _events = Start<EventsService>($"http://127.0.0.1:{FreePort.Next()}", EventsHttpUrl, new() { ["services:customers:grpc:0"] = customersGrpcUrl });
        DataModel = DataModelHost.Start(Redis.ConnectionString, customersGrpcUrl, new Dictionary<string, string?> { ["DataModel:FeedEnabled"] = "false" });
    }

    public async Task DisposeAsync()
    {
        try
        {
            await DataModel.DisposeAsync();
            await (_events?.DisposeAsync() ?? ValueTask.CompletedTask);
            await (_customers?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }

    private ServiceFactory<T> Start<T>(string grpcUrl, string httpUrl, Dictionary<string, string?> extra)
        where T : class
    {
        var settings = new Dictionary<string, string?>(extra)
        {
            ["Kestrel:Endpoints:grpc:Url"] = grpcUrl,
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:http:Url"] = httpUrl,
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var factory = new ServiceFactory<T>(Redis.ConnectionString, settings);
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }
}
