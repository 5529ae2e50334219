using Deployteq.DataModel.Grpc;
using Deployteq.TestSupport;
using Grpc.Net.Client;

namespace Deployteq.DataModel.Tests;

// Services.DataModel in-process on real loopback sockets: a gRPC (HTTP/2) endpoint and an
// HTTP/1.1 endpoint for REST/JSON, reaching Customers by service discovery.
public sealed class DataModelHost : IAsyncDisposable
{
    private readonly ServiceFactory<ModulesService> _factory;

    private DataModelHost(ServiceFactory<ModulesService> factory, string grpcUrl, string httpUrl)
    {
        _factory = factory;
        GrpcUrl = grpcUrl;
        HttpUrl = httpUrl;
        Channel = GrpcChannel.ForAddress(grpcUrl);
        Http = new HttpClient { BaseAddress = new Uri(httpUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string GrpcUrl { get; }

    public string HttpUrl { get; }

    public GrpcChannel Channel { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    public static DataModelHost Start(string redisConnectionString, string customersGrpcUrl, IDictionary<string, string?>? extra = null)
    {
        var grpcUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:grpc:Url"] = grpcUrl,
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:http:Url"] = httpUrl,
            ["Kestrel:Endpoints:http:Protocols"] = "Http1",
            ["services:customers:grpc:0"] = customersGrpcUrl,
            ["Logging:LogLevel:Default"] = "Warning",
            ["DataModel:FeedRetryDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new ServiceFactory<ModulesService>(redisConnectionString, settings);
        factory.UseKestrel();
        factory.StartServer();
        return new DataModelHost(factory, grpcUrl, httpUrl);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _factory.DisposeAsync();
    }
}
