using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Tests;

// One clock, the service's, decides stream positions, filled-in times, from_time, Export's range
// and which caller times are plausible; tested at its boundaries by moving it.
public sealed class ClockTests(ClockFixture fixture) : IClassFixture<ClockFixture>
{
    [Fact]
    public async Task Stream_positions_and_filled_in_times_come_from_the_services_clock()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        var now = fixture.Clock.GetUtcNow();
        var broadcast = Activities.Broadcast(customer, broadcastId);
        broadcast.Broadcast.BroadcastTimestamp = 0;

        var result = await brand.EmitAsync(broadcast);

        Assert.Equal($"{now.ToUnixTimeMilliseconds()}-0", result.Cursor);
        Assert.Equal(now.ToUnixTimeSeconds(), result.Activity.MetricTimestamp);
        Assert.Equal(now.ToUnixTimeSeconds(), result.Activity.Broadcast.BroadcastTimestamp);
    }

    [Fact]
    public async Task From_time_and_export_ranges_split_at_the_millisecond_an_activity_was_recorded()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var at = fixture.Clock.GetUtcNow();
        var first = await brand.BroadcastAsync(customer, broadcastId);
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await brand.EmitAsync(Activities.Open(customer, broadcastId));
        using var timeout = new CancellationTokenSource(Streams.Patience);

        using var fromAt = await brand.StartAsync(new SubscribeRequest { FromTime = Timestamp.FromDateTimeOffset(at) }, timeout.Token);
        using var fromNext = await brand.StartAsync(
            new SubscribeRequest { FromTime = Timestamp.FromDateTimeOffset(at.AddMilliseconds(1)) }, timeout.Token);
        var exportedAt = await brand.ExportAsync(new ExportRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(at),
            EndTime = Timestamp.FromDateTimeOffset(at.AddMilliseconds(1)),
        });
        var exportedNext = await brand.ExportAsync(new ExportRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(at.AddMilliseconds(1)),
            EndTime = Timestamp.FromDateTimeOffset(at.AddMilliseconds(2)),
        });

        Assert.Equal(first.Cursor, (await fromAt.TakeAsync(1, timeout.Token))[0].Cursor);
        Assert.Equal(second.Cursor, (await fromNext.TakeAsync(1, timeout.Token))[0].Cursor);
        Assert.Equal([first.Cursor], exportedAt.Select(item => item.Cursor));
        Assert.Equal([second.Cursor], exportedNext.Select(item => item.Cursor));
    }

    [Fact]
    public async Task An_export_without_end_includes_what_was_recorded_in_the_same_millisecond()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var at = fixture.Clock.GetUtcNow();
        var emitted = await brand.BroadcastAsync(customer, broadcastId);

        // The clock has not moved: "now" is the very millisecond the activity was recorded in.
        var exported = await brand.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(at.AddSeconds(-1)) });

        Assert.Equal([emitted.Cursor], exported.Select(item => item.Cursor));
    }

    [Fact]
    public async Task Caller_times_up_to_a_day_ahead_of_the_services_clock_are_taken_and_one_second_more_is_refused()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        // Days ahead of the machine's clock: only the service's clock can make these times plausible.
        fixture.Clock.Advance(TimeSpan.FromDays(2));
        var limit = fixture.Clock.GetUtcNow().ToUnixTimeSeconds() + 86400;
        var broadcast = Activities.Broadcast(customer, broadcastId);
        broadcast.Broadcast.BroadcastTimestamp = limit;
        var open = Activities.Open(customer, broadcastId);
        open.MetricTimestamp = limit;

        var storedBroadcast = await brand.EmitAsync(broadcast);
        var storedOpen = await brand.EmitAsync(open);
        broadcast.Broadcast.BroadcastTimestamp = limit + 1;
        open.MetricTimestamp = limit + 1;

        Assert.Equal(limit, storedBroadcast.Activity.Broadcast.BroadcastTimestamp);
        Assert.Equal(limit, storedOpen.Activity.MetricTimestamp);
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(broadcast), "activity.broadcast.broadcast_timestamp");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(open), "activity.metric_timestamp");
    }

    private async Task<(TestBrand Brand, long Customer, long BroadcastId)> SetUpAsync()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync($"{Guid.NewGuid():N}@example.com");
        return (brand, customer.Id, TestBrand.NewBroadcastId());
    }
}
