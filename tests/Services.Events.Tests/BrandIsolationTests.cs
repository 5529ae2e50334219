using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Events.Tests;

[Collection(EventsCollection.Name)]
public sealed class BrandIsolationTests(EventsFixture fixture)
{
    [Fact]
    public async Task A_subscriber_of_one_brand_never_sees_another_brands_activities()
    {
        var a = await fixture.NewBrandAsync();
        var b = await fixture.NewBrandAsync();
        var customerA = await a.CreateCustomerAsync("a@example.com");
        var customerB = await b.CreateCustomerAsync("b@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var fromNow = await a.StartAsync(TestBrand.FromNow(), timeout.Token);

        // B's first, in the same broadcast id: had they leaked, they would come before A's.
        await b.BroadcastAsync(customerB.Id, broadcastId);
        await b.EmitAsync(Activities.Open(customerB.Id, broadcastId));
        var mine = await a.BroadcastAsync(customerA.Id, broadcastId);
        var live = await fromNow.TakeAsync(1, timeout.Token);
        using var replay = await a.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, timeout.Token);
        var replayed = await replay.TakeAsync(1, timeout.Token);
        var exported = await a.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) });

        Assert.Equal(mine.Cursor, live[0].Cursor);
        Assert.Equal(mine.Cursor, replayed[0].Cursor);
        Assert.Equal([mine.Cursor], exported.Select(item => item.Cursor));
        Assert.Equal(a.Id, live[0].Activity.BrandId);
    }

    [Fact]
    public async Task Another_brands_customer_and_broadcast_are_not_found()
    {
        var a = await fixture.NewBrandAsync();
        var b = await fixture.NewBrandAsync();
        var customerA = await a.CreateCustomerAsync("mine@example.com");
        var customerB = await b.CreateCustomerAsync("theirs@example.com");
        var broadcastOfB = TestBrand.NewBroadcastId();
        await b.BroadcastAsync(customerB.Id, broadcastOfB);
        var ownBroadcast = TestBrand.NewBroadcastId();
        await a.BroadcastAsync(customerA.Id, ownBroadcast);

        // Customer ids are per brand: make sure B's id is not one A has too.
        var foreignCustomer = customerB.Id + 500;
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => a.EmitAsync(Activities.Open(foreignCustomer, ownBroadcast)));
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => a.EmitAsync(Activities.Open(customerA.Id, broadcastOfB)));
    }
}
