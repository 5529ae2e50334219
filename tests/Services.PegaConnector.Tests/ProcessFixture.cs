using Deployteq.PegaStandIn;
using Deployteq.TestSupport;

namespace Deployteq.PegaConnector.Tests;

// A redis-server, Customers, Events and the stand-in of their own, and no connector: each test
// starts (and kills) connector processes itself.
public sealed class ProcessFixture : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public Platform Platform { get; private set; } = null!;

    public StandInServer StandIn { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Every acknowledged write on disk before the answer: with the default `everysec`, Redis
        // postpones the write while a slow fsync runs (up to 2 s), answers anyway, and a SIGKILL
        // then loses writes it acknowledged.
        Redis = await RedisServer.StartAsync("--appendfsync", "always");
        Platform = await Platform.StartAsync(Redis);
        StandIn = await StandInServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StandIn.DisposeAsync();
        await Platform.DisposeAsync();
        await Redis.DisposeAsync();
    }

    public Dictionary<string, string?> ConnectorSettings(IDictionary<string, string?>? overrides = null) =>
        Tests.ConnectorSettings.For(Redis.ConnectionString, Platform.CustomersUrl, Platform.EventsUrl, overrides);

    public Task<ConnectorProcess> StartConnectorAsync(IDictionary<string, string?>? overrides = null) => ConnectorProcess.StartAsync(ConnectorSettings(overrides));

    public async Task<PegaBrand> NewBrandAsync(ConnectorProcess connector) =>
        await PegaBrand.CreateAsync(Platform, connector.Channel, StandIn);
}
