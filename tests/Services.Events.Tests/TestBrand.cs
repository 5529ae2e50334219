using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Events.Tests;

public sealed class TestBrand(EventsFixture fixture, Brand brand, ApiUser user, string token, long tokenId)
{
    private static long _nextBroadcastId = 700;

    public long Id => brand.Id;

    public Brand Brand => brand;

    public ApiUser User => user;

    public string Token => token;

    public long TokenId => tokenId;

    public EventsClient Events => new(fixture.Event(token));

    public CustomersClient Customers => new(fixture.Customer(token));

    public MailabilityClient Mailability => new(fixture.Customer(token));

    public static long NewBroadcastId() => Interlocked.Increment(ref _nextBroadcastId);

    public Task<Customer> CreateCustomerAsync(string email, string externalId = "") =>
        Customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = email, ExternalId = externalId }).ResponseAsync;

    public async Task<EmitResult> EmitAsync(NewActivity activity) =>
        await Events.EmitAsync(new EmitRequest { Activity = activity });

    // A broadcast to one customer, with the details of Pega's broadcast example.
    public async Task<EmitResult> BroadcastAsync(long customerId, long broadcastId, string emailAddress = "") =>
        await EmitAsync(Activities.Broadcast(customerId, broadcastId, emailAddress));

    // Every key of the brand with its dumped value: equal snapshots mean nothing changed.
    // A REST call to Events with this brand's token, or another, or none.
    public Task<RestAnswer> RestAsync(HttpMethod method, string path, string? json = null) =>
        fixture.EventsRest.RestAsync(method, path, json, token);

    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync()
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in fixture.Redis.KeysAsync($"evt:{{b{Id}}}:*"))
        {
            var value = await fixture.Redis.Database.KeyDumpAsync(key);
            snapshot[key!] = value is null ? "" : Convert.ToBase64String(value);
        }

        return snapshot;
    }

    public Task<long> StreamLengthAsync() => fixture.Redis.Database.StreamLengthAsync($"evt:{{b{Id}}}:stream");

    public AsyncServerStreamingCall<SubscribeResponse> Subscribe(SubscribeRequest request, CancellationToken cancellationToken) =>
        Events.Subscribe(request, cancellationToken: cancellationToken);

    public static SubscribeRequest FromNow(params Metric[] metrics) => new() { FromNow = new Empty(), Metrics = { metrics } };
}
