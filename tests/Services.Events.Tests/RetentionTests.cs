using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Events.Tests;

// Retention on the service's clock, which the tests move: nothing here waits for time to pass.
public sealed class RetentionTests(ClockFixture fixture) : IClassFixture<ClockFixture>
{
    [Fact]
    public async Task A_trimmed_cursor_or_time_is_out_of_range_and_from_oldest_starts_at_what_is_kept()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("old@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var start = fixture.Clock.GetUtcNow();
        var old = await brand.BroadcastAsync(customer.Id, broadcastId);
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var older = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        fixture.Clock.Advance(ClockFixture.Retention + TimeSpan.FromMilliseconds(1));
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
    public async Task An_activity_is_kept_for_exactly_the_retention_period_of_the_services_clock()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("edge@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var recorded = fixture.Clock.GetUtcNow();
        var first = await brand.BroadcastAsync(customer.Id, broadcastId);
        using var timeout = new CancellationTokenSource(Streams.Patience);

        fixture.Clock.SetUtcNow(recorded + ClockFixture.Retention);
        var atTheEdge = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        var keptAtTheEdge = await FirstFromOldestAsync(brand, timeout.Token);
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        var keptAfter = await FirstFromOldestAsync(brand, timeout.Token);

        Assert.Equal(first.Cursor, keptAtTheEdge);
        Assert.Equal(atTheEdge.Cursor, keptAfter);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.OutOfRange, async () =>
        {
            using var call = brand.Subscribe(new SubscribeRequest { FromTime = Timestamp.FromDateTimeOffset(recorded) }, timeout.Token);
            await call.ResponseStream.MoveNext(timeout.Token);
        });
    }

    [Fact]
    public async Task A_reader_that_falls_behind_retention_while_following_ends_out_of_range_and_never_skips()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("stalled@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        using var timeout = new CancellationTokenSource(Streams.Patience * 2);
        using var call = await brand.StartAsync(TestBrand.FromNow(), timeout.Token);
        var emitted = new List<string>();
        for (var batch = 0; batch < 4; batch++)
        {
            // Large activities: the service's writes stop (flow control) long before a page of
            // 500 is through, so it has to read the stream again after the trim below.
            var request = new EmitBatchRequest();
            request.Activities.AddRange(Enumerable.Range(0, 500).Select(_ => LargeClick(customer.Id, broadcastId)));
            emitted.AddRange((await brand.Events.EmitBatchAsync(request, cancellationToken: timeout.Token)).Results.Select(result => result.Cursor));
        }

        // The reader takes one and stalls while retention passes over everything it has not read.
        var received = (await call.TakeAsync(1, timeout.Token)).Select(item => item.Cursor).ToList();
        fixture.Clock.Advance(ClockFixture.Retention + TimeSpan.FromSeconds(1));
        await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));

        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (true)
            {
                var item = await call.NextAsync(timeout.Token);
                if (item.Activity is not null)
                {
                    received.Add(item.Cursor);
                }
            }
        });

        Assert.Equal(StatusCode.OutOfRange, ended.StatusCode);
        Assert.True(received.Count < emitted.Count, $"received all {received.Count}");
        Assert.Equal(emitted.Take(received.Count), received);
    }

    [Fact]
    public async Task A_stream_that_receives_nothing_new_is_trimmed_by_the_sweep()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("quiet@example.com");
        await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        Assert.Equal(1, await brand.StreamLengthAsync());

        fixture.Clock.Advance(ClockFixture.Retention + TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => brand.StreamLengthAsync(), length => length == 0, "the sweep trimmed the stream", Streams.Patience, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_uuid_stays_known_after_its_activity_has_been_trimmed()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("known@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var broadcast = Activities.Broadcast(customer.Id, broadcastId);
        broadcast.Uuid = Guid.NewGuid().ToString();
        var first = await brand.EmitAsync(broadcast);
        fixture.Clock.Advance(ClockFixture.Retention + TimeSpan.FromMilliseconds(1));
        var later = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));

        var again = await brand.EmitAsync(broadcast);

        Assert.True(again.Duplicate);
        Assert.Equal(first.Cursor, again.Cursor);
        Assert.Null(again.Activity);
        Assert.Equal(1, await brand.StreamLengthAsync());
        Assert.NotEqual(first.Cursor, later.Cursor);
    }

    private static async Task<string> FirstFromOldestAsync(TestBrand brand, CancellationToken cancellationToken)
    {
        using var call = await brand.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, cancellationToken);
        return (await call.TakeAsync(1, cancellationToken))[0].Cursor;
    }

    private static NewActivity LargeClick(long customerId, long broadcastId)
    {
        var click = Activities.Click(customerId, broadcastId);
        click.Click.Url = "https://www.mokupshop.com/customer/account/?ref=" + new string('r', 3000);
        click.Click.Alt = new string('a', 1000);
        return click;
    }
}
