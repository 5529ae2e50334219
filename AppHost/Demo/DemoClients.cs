using Deployteq.AppHost.Hosting;
using Grpc.Core;
using Grpc.Net.Client;

namespace Deployteq.AppHost.Demo;

// gRPC channels to the running services, for the demo seed and the Pega panel.
public sealed class DemoClients(ProjectResource customers, ProjectResource events, ProjectResource connector, ProjectResource pega) : IDisposable
{
    private readonly Lazy<GrpcChannel> _customers = new(() => GrpcChannel.ForAddress(customers.GetEndpoint("grpc").Url));
    private readonly Lazy<GrpcChannel> _events = new(() => GrpcChannel.ForAddress(events.GetEndpoint("grpc").Url));
    private readonly Lazy<GrpcChannel> _connector = new(() => GrpcChannel.ForAddress(connector.GetEndpoint("grpc").Url));

    public HttpClient StandIn { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string StandInUrl => pega.GetEndpoint("http").Url;

    public string EventsGrpcAddress => events.GetEndpoint("grpc").Url.Replace("http://", "");

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

        StandIn.Dispose();
    }
}
