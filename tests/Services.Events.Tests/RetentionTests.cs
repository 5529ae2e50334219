using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Events.Tests;

// Its own Redis and services: a retention of seconds and a sweep every second would trim the
// other tests' brands.
public sealed class ShortRetentionFixture : EventsFixture
{
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(3);

    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:Retention"] = Retention.ToString(),
        ["Events:RetentionSweepInterval"] = TimeSpan.FromSeconds(1).ToString(),
    };
}

public sealed class RetentionTests(ShortRetentionFixture fixture) : IClassFixture<ShortRetentionFixture>
{
    [Fact]
    public async Task A_trimmed_cursor_or_time_is_out_of_range_and_from_oldest_starts_at_what_is_kept()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("old@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var old = await brand.BroadcastAsync(customer.Id, broadcastId);
        var older = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        await Task.Delay(ShortRetentionFixture.Retention + TimeSpan.FromMilliseconds(500));
        var kept = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        using var timeout = new CancellationTokenSource(Streams.Patience);

        await GrpcStatusAssert.ThrowsAsync(StatusCode.OutOfRange, async () =>
        {
            using var call = brand.Subscribe(new SubscribeRequest { AfterCursor = old.Cursor }, timeout.Token);
            await call.ResponseStream.MoveNext(timeout.Token);
        });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.OutOfRange, async () =>
        {
            using var call = brand.Subscribe(new SubscribeRequest { FromTime = Timestamp.FromDateTimeOffset(start) }, timeout.Token);
            await call.ResponseStream.MoveNext(timeout.Token);
        });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.OutOfRange, () =>
            brand.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(start) }));
        using var fromLastTrimmed = await brand.StartAsync(new SubscribeRequest { AfterCursor = older.Cursor }, timeout.Token);
        using var fromOldest = await brand.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, timeout.Token);

        Assert.Equal(kept.Cursor, (await fromLastTrimmed.TakeAsync(1, timeout.Token))[0].Cursor);
        Assert.Equal(kept.Cursor, (await fromOldest.TakeAsync(1, timeout.Token))[0].Cursor);
    }

    [Fact]
    public async Task A_stream_that_receives_nothing_new_is_trimmed_by_the_sweep()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("quiet@example.com");
        await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        Assert.Equal(1, await brand.StreamLengthAsync());

        var deadline = DateTime.UtcNow + Streams.Patience;
        while (await brand.StreamLengthAsync() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(0, await brand.StreamLengthAsync());
    }

    [Fact]
    public async Task A_uuid_stays_known_after_its_activity_has_been_trimmed()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("known@example.com");
        var broadcast = Activities.Broadcast(customer.Id, TestBrand.NewBroadcastId());
        broadcast.Uuid = Guid.NewGuid().ToString();
        var first = await brand.EmitAsync(broadcast);
        await Task.Delay(ShortRetentionFixture.Retention + TimeSpan.FromMilliseconds(1500));

        var again = await brand.EmitAsync(broadcast);

        Assert.True(again.Duplicate);
        Assert.Equal(first.Cursor, again.Cursor);
        Assert.Null(again.Activity);
        Assert.Equal(0, await brand.StreamLengthAsync());
    }
}
