using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using Grpc.Net.Client;

namespace Deployteq.AppHost.Demo;

// gRPC channels to the running services, for the demo seed, the installation resource and the
// dashboard's commands. Addresses come from Aspire's endpoints, read once they are allocated.
public sealed class DemoClients(EndpointReference customers, EndpointReference events, EndpointReference eventsHttp, EndpointReference connector, EndpointReference standIn) : IDisposable
{
    private readonly Lazy<GrpcChannel> _customers = new(() => GrpcChannel.ForAddress(customers.Url));
    private readonly Lazy<GrpcChannel> _events = new(() => GrpcChannel.ForAddress(events.Url));
    private readonly Lazy<GrpcChannel> _connector = new(() => Untraced(connector));

    public string StandInUrl => standIn.Url;

    // The installation resource reads the connector every second; those reads are not traced.
    private static GrpcChannel Untraced(EndpointReference endpoint) =>
        GrpcChannel.ForAddress(endpoint.Url, new GrpcChannelOptions { HttpHandler = new UntracedCallsHandler() });

    public string EventsHttpUrl => eventsHttp.Url;

    public Customers.V1.Admin.AdminClient Admin => new(_customers.Value);

    public Customers.V1.Customers.CustomersClient Customers => new(_customers.Value);

    public Customers.V1.Identity.IdentityClient Identity => new(_customers.Value);

    public Events.V1.Events.EventsClient Events => new(_events.Value);

    public PegaConnector.V1.Installations.InstallationsClient Installations => new(_connector.Value);

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    public void Dispose()
    {
        foreach (var channel in new[] { _customers, _events, _connector }.Where(c => c.IsValueCreated))
        {
            channel.Value.Dispose();
        }
    }
}
