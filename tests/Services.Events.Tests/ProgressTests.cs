using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Tests;

// A progress item (a cursor, no activity) lets a consumer checkpoint past what its filter skips,
// so that retention cannot overtake a healthy consumer (events.proto SubscribeResponse).
[Collection(EventsCollection.Name)]
public sealed class ProgressTests(EventsFixture fixture)
{
    [Fact]
    public async Task A_filtered_subscription_reports_progress_past_what_it_skipped_and_resuming_there_loses_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("filtered@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var call = await brand.StartAsync(TestBrand.FromNow(Metric.Unsubscribes), timeout.Token);

        var skipped = await brand.Events.EmitBatchAsync(new EmitBatchRequest
        {
            Activities = { Activities.Broadcast(customer.Id, broadcastId), Activities.Open(customer.Id, broadcastId), Activities.Click(customer.Id, broadcastId) },
        });
        var last = skipped.Results[^1].Cursor;
        var progress = new List<SubscribeResponse>();
        do
        {
            progress.Add(await call.NextAsync(timeout.Token));
        }
        while (progress[^1].Cursor != last);
        var unsubscribe = await brand.EmitAsync(Activities.Plain(Metric.Unsubscribes, customer.Id, broadcastId));
        var next = await call.TakeAsync(1, timeout.Token);
        using var resumed = await brand.StartAsync(new SubscribeRequest { AfterCursor = last, Metrics = { Metric.Unsubscribes } }, timeout.Token);
        var afterResume = await resumed.TakeAsync(1, timeout.Token);

        // EventsFixture.ProgressInterval is a minute: these came because a read skipped.
        Assert.All(progress, item => Assert.Null(item.Activity));
        Assert.Equal(unsubscribe.Cursor, next[0].Cursor);
        Assert.Equal(unsubscribe.Cursor, afterResume[0].Cursor);
    }

    [Fact]
    public async Task A_cursor_past_the_newest_activity_means_after_everything_never_from_the_beginning()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("future@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        using var timeout = new CancellationTokenSource(Streams.Patience);
        var ahead = $"{DateTimeOffset.UtcNow.AddYears(5).ToUnixTimeMilliseconds()}-0";

        using var fromLargest = await brand.StartAsync(
            new SubscribeRequest { AfterCursor = $"{ulong.MaxValue}-{ulong.MaxValue}" }, timeout.Token);
        using var fromAhead = await brand.StartAsync(new SubscribeRequest { AfterCursor = ahead }, timeout.Token);
        var next = await brand.EmitAsync(Activities.Click(customer.Id, broadcastId));

        Assert.Equal(next.Cursor, (await fromLargest.TakeAsync(1, timeout.Token))[0].Cursor);
        Assert.Equal(next.Cursor, (await fromAhead.TakeAsync(1, timeout.Token))[0].Cursor);
    }
}

public sealed class QuickProgressFixture : EventsFixture
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:ProgressInterval"] = Interval.ToString(),
    };
}

public sealed class IdleProgressTests(QuickProgressFixture fixture) : IClassFixture<QuickProgressFixture>
{
    [Fact]
    public async Task An_idle_subscription_sends_progress_at_the_newest_position_and_then_the_next_activity()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("idle@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var newest = await brand.BroadcastAsync(customer.Id, broadcastId);
        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var call = await brand.StartAsync(TestBrand.FromNow(), timeout.Token);

        var idle = new[] { await call.NextAsync(timeout.Token), await call.NextAsync(timeout.Token) };
        var open = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        var next = await call.TakeAsync(1, timeout.Token);

        Assert.All(idle, item => Assert.Equal((newest.Cursor, (Activity?)null), (item.Cursor, item.Activity)));
        Assert.Equal(open.Cursor, next[0].Cursor);
    }

    [Fact]
    public async Task The_progress_cursor_of_an_empty_stream_resumes_at_its_first_activity()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("empty@example.com");
        using var timeout = new CancellationTokenSource(Streams.Patience);
        string checkpoint;
        using (var call = await brand.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, timeout.Token))
        {
            var progress = await call.NextAsync(timeout.Token);
            Assert.Null(progress.Activity);
            checkpoint = progress.Cursor;
        }

        var first = await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        using var resumed = await brand.StartAsync(new SubscribeRequest { AfterCursor = checkpoint }, timeout.Token);

        Assert.Equal(first.Cursor, (await resumed.TakeAsync(1, timeout.Token))[0].Cursor);
    }
}
