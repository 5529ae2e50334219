using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.V1;
using Deployteq.PegaStandIn;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;
using InstallationsClient = Deployteq.PegaConnector.V1.Installations.InstallationsClient;

namespace Deployteq.PegaConnector.Tests;

// A brand with a token (all scopes unless named), one customer and a broadcast to it, and a
// stand-in endpoint of its own.
public sealed class PegaBrand
{
    private static long _nextBroadcast = 9000;

    private PegaBrand(ProvisionedBrand provisioned, GrpcChannel connector, Platform platform, StandInServer standIn, long customerId)
    {
        Provisioned = provisioned;
        Installations = new InstallationsClient(connector.WithBearer(provisioned.Token));
        Events = new EventsClient(platform.EventsChannel.WithBearer(provisioned.Token));
        StandIn = standIn;
        Endpoint = standIn.AddEndpoint("pega-" + provisioned.Brand.Id, "s3cret-" + Guid.NewGuid().ToString("N")[..8]);
        CustomerId = customerId;
        BroadcastId = Interlocked.Increment(ref _nextBroadcast);
    }

    public ProvisionedBrand Provisioned { get; }

    public long Id => Provisioned.Brand.Id;

    public InstallationsClient Installations { get; }

    public EventsClient Events { get; }

    public StandInServer StandIn { get; }

    public StandInEndpoint Endpoint { get; }

    public string EndpointUrl => StandIn.UrlOf(Endpoint);

    public long CustomerId { get; }

    public long BroadcastId { get; }

    public static async Task<PegaBrand> CreateAsync(Platform platform, GrpcChannel connector, StandInServer standIn, params string[] scopes)
    {
        var provisioned = await platform.Admin.CreateAsync("mokup", "Mok-Up", "crm", scopes);
        var customers = new CustomersClient(platform.CustomersChannel.WithBearer(provisioned.Token));
        var customer = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"person{provisioned.Brand.Id}@deployteq.com" });
        return new PegaBrand(provisioned, connector, platform, standIn, customer.Id);
    }

    public InstallRequest InstallRequest(params ActivityKind[] kinds) => new()
    {
        Endpoint = new V1.Endpoint { Url = EndpointUrl, Username = Endpoint.Username, Password = Endpoint.Password },
        Activities = { kinds.Length == 0 ? System.Enum.GetValues<ActivityKind>().Where(kind => kind != ActivityKind.Unspecified) : kinds },
        Financial = new Financial { InvoiceInterval = InvoiceInterval.Monthly, PoNumber = "PO-42" },
    };

    public async Task<Installation> InstallAsync(params ActivityKind[] kinds) => await Installations.InstallAsync(InstallRequest(kinds));

    // The broadcast every other activity of this brand belongs to; emitted once.
    public async Task<string> BroadcastAsync() =>
        (await Events.EmitAsync(new EmitRequest { Activity = Activities.Broadcast(CustomerId, BroadcastId) })).Activity.Uuid;

    public async Task<IReadOnlyList<string>> EmitAsync(IEnumerable<NewActivity> activities)
    {
        var uuids = new List<string>();
        foreach (var chunk in activities.Chunk(1000))
        {
            var response = await Events.EmitBatchAsync(new EmitBatchRequest { Activities = { chunk } });
            uuids.AddRange(response.Results.Select(result => result.Activity.Uuid));
        }

        return uuids;
    }

    // n broadcasts to the customer (a bulk send produces one activity per recipient).
    public Task<IReadOnlyList<string>> EmitBroadcastsAsync(int count) =>
        EmitAsync(Enumerable.Range(0, count).Select(_ => Activities.Broadcast(CustomerId, BroadcastId)));

    public Task WaitForArrivalsAsync(IEnumerable<string> uuids, TimeSpan? patience = null)
    {
        var wanted = uuids.ToList();
        return Poll.UntilAsync(
            () => (Arrived: wanted.Count(uuid => Endpoint.Counts.ContainsKey(uuid)), StandIn: System.Text.Json.JsonSerializer.Serialize(Endpoint.Stats())),
            seen => seen.Arrived == wanted.Count, $"{wanted.Count} activities arrived", patience);
    }

    public Task<Installation> GetAsync(long installationId) =>
        Installations.GetInstallationAsync(new GetInstallationRequest { InstallationId = installationId }).ResponseAsync;

    public static Struct Options(params (string Name, Value Value)[] options)
    {
        var result = new Struct();
        foreach (var (name, value) in options)
        {
            result.Fields[name] = value;
        }

        return result;
    }
}
