using Deployteq.Customers.V1;
using Deployteq.PegaConnector.Grpc;
using Deployteq.PegaStandIn;
using Deployteq.TestSupport;
using Grpc.Net.Client;

namespace Deployteq.PegaConnector.Tests;

// One redis-server, Customers, Events, the Pega stand-in and the connector (in-process, on real
// sockets) for the collection. Every test works in brands and stand-in endpoints of its own.
public sealed class PegaFixture : IAsyncLifetime
{
    public RedisFixture Redis { get; } = new();

    public Platform Platform { get; private set; } = null!;

    public StandInServer StandIn { get; private set; } = null!;

    public ServiceFactory<InstallationsService> Connector { get; private set; } = null!;

    public GrpcChannel ConnectorChannel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Platform = await Platform.StartAsync(Redis.Server);
        StandIn = await StandInServer.StartAsync();
        var connectorUrl = $"http://127.0.0.1:{FreePort.Next()}";
        Connector = Platform.Host<InstallationsService>(
            Redis.Server, connectorUrl, ConnectorSettings.For(Redis.ConnectionString, Platform.CustomersUrl, Platform.EventsUrl));
        ConnectorChannel = GrpcChannel.ForAddress(connectorUrl);
    }

    public async Task DisposeAsync()
    {
        ConnectorChannel.Dispose();
        await Connector.DisposeAsync();
        await StandIn.DisposeAsync();
        await Platform.DisposeAsync();
        await Redis.DisposeAsync();
    }

    public Task<PegaBrand> NewBrandAsync(params string[] scopes) => PegaBrand.CreateAsync(Platform, ConnectorChannel, StandIn, scopes);
}

[CollectionDefinition(Name)]
public sealed class PegaCollection : ICollectionFixture<PegaFixture>
{
    public const string Name = "pega";
}
