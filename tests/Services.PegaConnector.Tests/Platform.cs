using Deployteq.Customers.Grpc;
using Deployteq.Events.Grpc;
using Deployteq.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;

namespace Deployteq.PegaConnector.Tests;

// Customers and Events in-process on real sockets, against a real redis-server: what the
// connector talks to.
public sealed class Platform : IAsyncDisposable
{
    private Platform(
        RedisServer redis, ServiceFactory<CustomersService> customers, ServerCallRecorder customersCalls, ScriptedStatuses customersAnswers,
        ServiceFactory<EventsService> events, string customersUrl, string eventsUrl)
    {
        Redis = redis;
        CustomersCalls = customersCalls;
        CustomersAnswers = customersAnswers;
        Customers = customers;
        Events = events;
        CustomersUrl = customersUrl;
        EventsUrl = eventsUrl;
        CustomersChannel = GrpcChannel.ForAddress(customersUrl);
        EventsChannel = GrpcChannel.ForAddress(eventsUrl);
    }

    public RedisServer Redis { get; }

    public ServiceFactory<CustomersService> Customers { get; }

    // Every unary call that reached Customers, with its deadline and token.
    public ServerCallRecorder CustomersCalls { get; }

    // Chosen statuses Customers answers to chosen calls.
    public ScriptedStatuses CustomersAnswers { get; }

    public ServiceFactory<EventsService> Events { get; }

    public string CustomersUrl { get; }

    public string EventsUrl { get; }

    public GrpcChannel CustomersChannel { get; }

    public GrpcChannel EventsChannel { get; }

    public Deployteq.Customers.V1.Admin.AdminClient Admin => new(CustomersChannel.WithBearer(ServiceFactory<CustomersService>.AdminKey));

    public static async Task<Platform> StartAsync(RedisServer redis, IDictionary<string, string?>? eventsSettings = null)
    {
        var customersUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var customersCalls = new ServerCallRecorder();
        var customersAnswers = new ScriptedStatuses();
        var customers = Host<CustomersService>(redis, customersUrl, [], factory => factory.WithInterceptor(customersCalls).WithInterceptor(customersAnswers));
        var eventsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var events = Host<EventsService>(redis, eventsUrl, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = customersUrl,
            ["Events:PollInterval"] = "00:00:01",
        }.Concat(eventsSettings ?? new Dictionary<string, string?>()).ToDictionary());
        await Task.CompletedTask;
        return new Platform(redis, customers, customersCalls, customersAnswers, events, customersUrl, eventsUrl);
    }

    // A service on Kestrel: its gRPC endpoint at grpcUrl, HTTP/1.1 on a free port.
    public static ServiceFactory<TEntryPoint> Host<TEntryPoint>(
        RedisServer redis, string grpcUrl, Dictionary<string, string?> settings, Action<ServiceFactory<TEntryPoint>>? configure = null)
        where TEntryPoint : class
    {
        settings["Kestrel:Endpoints:grpc:Url"] = grpcUrl;
        settings["Kestrel:Endpoints:grpc:Protocols"] = "Http2";
        settings["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort.Next()}";
        settings["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("TEST_LOG_LEVEL") ?? "Warning";
        settings["Logging:LogLevel:Deployteq"] = Environment.GetEnvironmentVariable("TEST_LOG_LEVEL_DEPLOYTEQ") ?? "Warning";
        var factory = new ServiceFactory<TEntryPoint>(redis.ConnectionString, settings);
        configure?.Invoke(factory);
        factory.UseKestrel();
        factory.StartServer();
        return factory;
    }

    public async ValueTask DisposeAsync()
    {
        CustomersChannel.Dispose();
        EventsChannel.Dispose();
        await Events.DisposeAsync();
        await Customers.DisposeAsync();
    }
}
