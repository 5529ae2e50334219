using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Tests;

[Collection(EventsCollection.Name)]
public sealed class SubscribeTests(EventsFixture fixture)
{
    [Fact]
    public async Task After_a_cursor_it_replays_what_followed_then_follows_live()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var first = await brand.BroadcastAsync(customer, broadcastId);
        var second = await brand.EmitAsync(Activities.Open(customer, broadcastId));
        var third = await brand.EmitAsync(Activities.Click(customer, broadcastId));
        using var timeout = new CancellationTokenSource(Streams.Patience);

        using var call = await brand.StartAsync(new SubscribeRequest { AfterCursor = first.Cursor }, timeout.Token);
        var replayed = await call.TakeAsync(2, timeout.Token);
        var live = await brand.EmitAsync(Activities.Open(customer, broadcastId));
        var followed = await call.TakeAsync(1, timeout.Token);

        Assert.Equal([second.Cursor, third.Cursor, live.Cursor], replayed.Concat(followed).Select(item => item.Cursor));
        Assert.Equal([second.Activity, third.Activity, live.Activity], replayed.Concat(followed).Select(item => item.Activity));
    }

    [Fact]
    public async Task Every_item_carries_the_cursor_that_resumes_right_after_it()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var emitted = new List<EmitResult> { await brand.BroadcastAsync(customer, broadcastId) };
        for (var i = 0; i < 3; i++)
        {
            emitted.Add(await brand.EmitAsync(Activities.Open(customer, broadcastId)));
        }

        using var timeout = new CancellationTokenSource(Streams.Patience);
        List<SubscribeResponse> firstThree;
        using (var call = await brand.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, timeout.Token))
        {
            firstThree = await call.TakeAsync(3, timeout.Token);
        }

        using var resumed = await brand.StartAsync(new SubscribeRequest { AfterCursor = firstThree[^1].Cursor }, timeout.Token);
        var next = await resumed.TakeAsync(1, timeout.Token);

        Assert.Equal(emitted.Select(result => result.Cursor), firstThree.Concat(next).Select(item => item.Cursor));
        Assert.Equal(emitted.Select(result => result.Activity), firstThree.Concat(next).Select(item => item.Activity));
    }

    [Fact]
    public async Task From_a_time_it_starts_at_the_first_activity_recorded_at_or_after_it()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        await brand.BroadcastAsync(customer, broadcastId);
        await Task.Delay(20);
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var later = await brand.EmitAsync(Activities.Open(customer, broadcastId));
        using var timeout = new CancellationTokenSource(Streams.Patience);

        using var call = await brand.StartAsync(new SubscribeRequest { FromTime = Timestamp.FromDateTimeOffset(from) }, timeout.Token);
        var items = await call.TakeAsync(1, timeout.Token);

        Assert.Equal(later.Cursor, items[0].Cursor);
    }

    [Fact]
    public async Task From_now_it_sees_only_new_activities_and_is_woken_without_waiting_for_a_poll()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        await brand.BroadcastAsync(customer, broadcastId);
        await brand.EmitAsync(Activities.Open(customer, broadcastId));
        using var timeout = new CancellationTokenSource(Streams.Patience);

        // Opens only: the broadcast emitted next is skipped, and the progress item that reports
        // it says the subscriber has read past it and is waiting. No read is left to find the open
        // emitted after that: only a wake-up brings it, and the poll and the progress interval
        // (EventsFixture, a minute) are far longer than this test's deadline (Streams.Patience).
        using var call = await brand.StartAsync(TestBrand.FromNow(Metric.Opens), timeout.Token);
        var skipped = await brand.BroadcastAsync(customer, broadcastId);
        var progress = await call.NextAsync(timeout.Token);
        Assert.Null(progress.Activity);
        Assert.Equal(skipped.Cursor, progress.Cursor);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var live = await brand.EmitAsync(Activities.Open(customer, broadcastId));
        var items = await call.TakeAsync(1, timeout.Token);

        Assert.Equal(live.Cursor, items[0].Cursor);
        Assert.True(started.Elapsed < EventsFixture.PollInterval / 4, $"took {started.Elapsed}");
    }

    [Fact]
    public async Task A_metric_filter_passes_only_those_metrics()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var call = await brand.StartAsync(TestBrand.FromNow(Metric.Clicks, Metric.Bounces), timeout.Token);

        await brand.BroadcastAsync(customer, broadcastId);
        await brand.EmitAsync(Activities.Open(customer, broadcastId));
        var click = await brand.EmitAsync(Activities.Click(customer, broadcastId));
        await brand.EmitAsync(Activities.Click(customer, broadcastId, Metric.ShortLinks));
        var bounce = await brand.EmitAsync(Activities.Bounce(customer, broadcastId, BounceType.Soft));
        var items = await call.TakeAsync(2, timeout.Token);

        Assert.Equal([click.Cursor, bounce.Cursor], items.Select(item => item.Cursor));
    }

    [Fact]
    public async Task Many_subscribers_each_get_every_activity_and_a_stalled_one_holds_back_nobody()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        using var timeout = new CancellationTokenSource(Streams.Patience * 2);
        // Never read past its first item.
        using var stalled = await brand.StartAsync(TestBrand.FromNow(), timeout.Token);
        var subscribers = new List<global::Grpc.Core.AsyncServerStreamingCall<SubscribeResponse>>();
        for (var i = 0; i < 20; i++)
        {
            subscribers.Add(await brand.StartAsync(TestBrand.FromNow(), timeout.Token));
        }

        var request = new EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, 1000).Select(_ => Activities.Broadcast(customer, broadcastId)));
        var emitted = new List<string>();
        for (var batch = 0; batch < 3; batch++)
        {
            emitted.AddRange((await brand.Events.EmitBatchAsync(request)).Results.Select(result => result.Cursor));
        }

        await stalled.TakeAsync(1, timeout.Token);
        var received = await Task.WhenAll(subscribers.Select(call => call.TakeAsync(emitted.Count, timeout.Token)));

        Assert.All(received, items => Assert.Equal(emitted, items.Select(item => item.Cursor)));
        foreach (var call in subscribers)
        {
            call.Dispose();
        }
    }

    [Fact]
    public async Task An_activity_carries_the_trace_context_of_its_emit_to_subscribers_and_not_into_its_Pega_shape()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        // The caller's trace, as its HttpClient would send it.
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        var headers = new global::Grpc.Core.Metadata
        {
            { "traceparent", $"00-{traceId.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01" },
            { "tracestate", "vendor=42" },
        };
        var traced = (await brand.Events.EmitAsync(new EmitRequest { Activity = Activities.Broadcast(customer, broadcastId) }, headers)).Activity;
        await brand.EmitAsync(Activities.Open(customer, broadcastId));

        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var call = await brand.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, timeout.Token);
        var item = await call.NextAsync(timeout.Token);
        var exported = await brand.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(from) });

        Assert.Equal(traced.Uuid, item.Activity.Uuid);
        Assert.Equal(traceId, System.Diagnostics.ActivityContext.Parse(item.TraceParent, null).TraceId);
        Assert.InRange(item.TraceParent.Length, 1, 55);
        Assert.Equal("vendor=42", item.TraceState);
        Assert.DoesNotContain(traceId.ToHexString(), item.Activity.ToString());
        Assert.Equal(2, exported.Count);
        Assert.All(exported, export => Assert.DoesNotContain(traceId.ToHexString(), export.Json));
    }

    private async Task<(TestBrand Brand, long Customer, long BroadcastId)> SetUpAsync()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync($"{Guid.NewGuid():N}@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        return (brand, customer.Id, broadcastId);
    }
}
