using Deployteq.Customers.Grpc;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Deployteq.Customers.Tests;

// A real Redis (one server, or a cluster with REDIS_TOPOLOGY=cluster) and the Customers service
// in-process, with a clock the tests can move.
public class CustomersFixture : IAsyncLifetime
{
    public CustomersFixture()
        : this(RedisTopologies.FromEnvironment)
    {
    }

    // A fixture of a given topology, whatever REDIS_TOPOLOGY says.
    protected CustomersFixture(RedisTopology topology) => Redis = new RedisFixture(topology);

    public RedisFixture Redis { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ServiceFactory<CustomersService> Factory { get; private set; } = null!;

    public GrpcChannel Channel { get; private set; } = null!;

    public Admin.AdminClient AdminClient => new(Channel.WithBearer(ServiceFactory<CustomersService>.AdminKey));

    // REST/JSON (gRPC JSON transcoding) of the same in-process service.
    public HttpClient Rest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Factory = new ServiceFactory<CustomersService>(Redis.ConnectionString);
        Factory.WithServices(services => services.AddSingleton<TimeProvider>(Clock));
        Channel = Factory.CreateChannel();
        Rest = Factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        // Redis goes whatever the service does on its way out: no redis-server outlives a run.
        try
        {
            Channel.Dispose();
            Rest.Dispose();
            await Factory.DisposeAsync();
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }

    // Customers keeps verified tokens once it hears its own revocation feed (a tick through Redis).
    public Task WaitForTokenMemoryAsync()
    {
        var tokens = Factory.Services.GetRequiredService<TokenCache>();
        return Poll.UntilAsync(() => tokens.IsLive, "Customers heard its revocation feed", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
    }

    // A fresh portal, brand, API user and token: each test works in brands of its own.
    public async Task<TestBrand> NewBrandAsync(params string[] scopes)
    {
        var provisioned = await AdminClient.CreateAsync("portal", "brand", "crm-sync", scopes);
        return new TestBrand(this, provisioned.Brand, provisioned.User, provisioned.Token, provisioned.TokenId);
    }

    public CallInvoker Invoker(string token) => Channel.WithBearer(token);
}

[CollectionDefinition(Name)]
public sealed class CustomersCollection : ICollectionFixture<CustomersFixture>
{
    public const string Name = "customers";
}
