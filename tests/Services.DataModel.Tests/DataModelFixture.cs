using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.DataModel.Tests;

// A real redis-server, Customers and DataModel in-process on real sockets; DataModel calls
// Customers through its real gRPC clients, found by service discovery.
public class DataModelFixture : IAsyncLifetime
{
    private ServiceFactory<CustomersService>? _customers;

    public RedisFixture Redis { get; } = new();

    // Every unary call that reached Customers.
    public ServerCallRecorder CustomersCalls { get; } = new();

    // Chosen statuses Customers answers to chosen calls.
    public ScriptedStatuses CustomersAnswers { get; } = new();

    public string CustomersGrpcUrl { get; private set; } = "";

    public GrpcChannel CustomersChannel { get; private set; } = null!;

    public DataModelHost DataModel { get; private set; } = null!;

    public Admin.AdminClient Admin => new(CustomersChannel.WithBearer(ServiceFactory<CustomersService>.AdminKey));

    // The change feed is off here, so that no background work mixes into what a test counts; the
    // feed's own tests run in a collection of their own (CustomerFeedFixture).
    protected virtual IDictionary<string, string?> DataModelSettings => new Dictionary<string, string?> { ["DataModel:FeedEnabled"] = "false" };

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        CustomersGrpcUrl = $"http://127.0.0.1:{FreePort.Next()}";
        _customers = new ServiceFactory<CustomersService>(Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:grpc:Url"] = CustomersGrpcUrl,
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:http:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Logging:LogLevel:Default"] = "Warning",
            // Long enough that a loaded machine does not lapse a lease between two progress items.
            ["Customers:Changes:FollowerLease"] = "00:00:10",
        });
        _customers.WithInterceptor(CustomersCalls).WithInterceptor(CustomersAnswers);
        _customers.UseKestrel();
        _customers.StartServer();
        CustomersChannel = GrpcChannel.ForAddress(CustomersGrpcUrl);
        DataModel = StartDataModel(DataModelSettings);
    }

    // Another DataModel process on the same Redis and Customers (a restart, a second instance).
    public DataModelHost StartDataModel(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        DataModelHost.Start(Redis.ConnectionString, CustomersGrpcUrl, settings, services);

    public async Task DisposeAsync()
    {
        await DataModel.DisposeAsync();
        CustomersChannel.Dispose();
        if (_customers is not null)
        {
            await _customers.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    // A fresh portal, brand, API user and token (all scopes unless named): each test works in
    // brands of its own.
    public async Task<TestBrand> NewBrandAsync(params string[] scopes)
    {
        var provisioned = await Admin.CreateAsync("mokup", "Mok-Up", "shop-sync", scopes);
        return new TestBrand(this, provisioned.Brand, provisioned.User, provisioned.Token);
    }

    // Another token of the same brand, for another API user when one is named.
    public async Task<string> TokenAsync(TestBrand brand, string? userName = null, params string[] scopes)
    {
        var userId = brand.User.Id;
        if (userName is not null)
        {
            userId = (await Admin.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = userName })).Id;
        }

        return (await Admin.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = userId, Scopes = { scopes } })).Token;
    }
}

[CollectionDefinition(Name)]
public sealed class DataModelCollection : ICollectionFixture<DataModelFixture>
{
    public const string Name = "datamodel";
}
