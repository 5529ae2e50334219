using System.Diagnostics;
using Deployteq.Events.Grpc;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployteq.Events.Tests;

// What ServiceDefaults gives Events' server-streaming Subscribe.
[Collection(EventsCollection.Name)]
public sealed class ServiceDefaultsTests(EventsFixture fixture)
{
    private const string SubscribePath = "/deployteq.events.v1.Events/Subscribe";

    [Theory]
    [InlineData("invalid UTF-8 in after_cursor", new byte[] { 0x0A, 0x02, 0xC3, 0x28 })]
    [InlineData("after_cursor claiming 10 bytes where 3 follow", new byte[] { 0x0A, 0x0A, 0x31, 0x2D, 0x30 })]
    [InlineData("a bad wire type", new byte[] { 0x7F, 0x01 })]
    public async Task A_subscribe_whose_bytes_are_no_message_is_invalid_argument(string name, byte[] payload)
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();
        await using var events = new ServiceFactory<EventsService>(fixture.Redis.ConnectionString, new Dictionary<string, string?>
        {
            ["services:customers:grpc:0"] = "http://127.0.0.1:1",
        });
        var address = events.StartOnSockets();

        var result = await RawGrpc.PostAsync(address, SubscribePath, RawGrpc.Frame(payload), brand.Token, Streams.Patience);

        Assert.True(StatusCode.InvalidArgument == result.Status, $"{name}: {result.Status} {result.Message}");
        Assert.Contains("could not be read", result.Message);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Calls_to_customers_write_no_information_lines_per_request()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync($"{Guid.NewGuid():N}@example.com");
        var logs = new LogCapture();
        fixture.Events.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        // A token of its own: Events has to ask Customers who it is, then for the customer.
        var events = new V1.Events.EventsClient(fixture.Event(await fixture.TokenAsync(brand, "events.emit", "customers", "mailability")));

        await events.EmitAsync(new EmitRequest { Activity = Activities.Broadcast(customer.Id, TestBrand.NewBroadcastId()) });

        // HttpClient writes four Information lines per request by default: thousands a minute.
        Assert.Empty(logs.Entries.Where(entry => entry.Level >= LogLevel.Information && entry.Category.StartsWith("System.Net.Http", StringComparison.Ordinal))
            .Select(entry => $"{entry.Category}: {entry.Message}"));
    }

    [Fact]
    public async Task A_client_that_cancels_a_subscribe_ends_it_cancelled_without_an_error_logged()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync($"{Guid.NewGuid():N}@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var batch = new EmitBatchRequest();
        batch.Activities.AddRange(Enumerable.Range(0, 1000).Select(_ => Activities.Broadcast(customer.Id, broadcastId)));
        await brand.Events.EmitBatchAsync(batch);
        var logs = new LogCapture();
        fixture.Events.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var statuses = new List<string?>();
        using var listener = ListenToSubscribeStatuses(statuses);

        // Cancelled while the server still has most of the replay to write.
        using (var cancel = new CancellationTokenSource(Streams.Patience))
        {
            var call = brand.Subscribe(new SubscribeRequest { FromOldest = new() }, cancel.Token);
            await call.TakeAsync(1, cancel.Token);
            await cancel.CancelAsync();
            call.Dispose();
        }

        await Poll.UntilAsync(() => Snapshot(statuses).Count > 0, "the cancelled call's status was recorded", Streams.Patience, TimeSpan.FromMilliseconds(20));
        Assert.Equal(["1"], Snapshot(statuses)); // CANCELLED
        Assert.Empty(logs.Entries.Where(entry => entry.Level >= LogLevel.Warning).Select(entry => $"{entry.Category}: {entry.Message}"));
    }

    [Fact]
    public void Every_mapped_method_of_events_needs_a_token_but_health_and_reflection()
    {
        var methods = GrpcEndpointAudit.Methods(fixture.Events.Services);

        var open = methods.Where(method => !method.NamesAuthentication).Select(method => method.Service).Distinct().Order();
        Assert.Equal(["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"], open);
        var declared = EventsReflection.Descriptor.Services.SelectMany(service => service.Methods.Select(method => $"{service.FullName}/{method.Name}"));
        Assert.All(declared, method => Assert.Contains(method, methods.Select(mapped => $"{mapped.Service}/{mapped.Name}")));
    }

    // The status grpc-dotnet records on each Subscribe's request activity, for calls from now on.
    private static ActivityListener ListenToSubscribeStatuses(List<string?> statuses)
    {
        var since = DateTime.UtcNow;
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("grpc.method") as string == SubscribePath && activity.StartTimeUtc >= since)
                {
                    lock (statuses)
                    {
                        statuses.Add(activity.GetTagItem("grpc.status_code") as string);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static List<string?> Snapshot(List<string?> statuses)
    {
        lock (statuses)
        {
            return [.. statuses];
        }
    }
}
