using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using BounceType = Deployteq.Events.V1.BounceType;

namespace Deployteq.Events.Tests;

[Collection(EventsCollection.Name)]
public sealed class IdempotencyTests(EventsFixture fixture)
{
    [Fact]
    public async Task The_same_uuid_emitted_again_is_stored_once_and_answers_with_the_first_result()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("again@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var open = Activities.Open(customer.Id, broadcastId);
        open.Uuid = Guid.NewGuid().ToString();

        var first = await brand.EmitAsync(open);
        open.MetricTimestamp = 1589801661;
        open.Open.UserAgent = Activities.GmailImageProxy;
        var second = await brand.EmitAsync(open);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Cursor, second.Cursor);
        Assert.Equal(first.Activity, second.Activity);
        Assert.Equal(2, await brand.StreamLengthAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_emits_of_one_bounce_store_one_activity_and_count_one_bounce()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("race@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var bounce = Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2");
        bounce.Uuid = Guid.NewGuid().ToString();
        var events = brand.Events;

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Task.Run(async () => await events.EmitAsync(new EmitRequest { Activity = bounce }))));

        Assert.Single(results, result => !result.Duplicate);
        Assert.All(results, result => Assert.Equal(results[0].Cursor, result.Cursor));
        Assert.All(results, result => Assert.Equal(1, result.Activity.Bounce.BounceCountSoft));
        Assert.Equal(2, await brand.StreamLengthAsync());
        var state = await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id });
        Assert.Equal(1, state.SoftBounceCount);
    }

    [Fact]
    public async Task A_batch_holding_one_uuid_twice_stores_it_once()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("twice@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var broadcast = Activities.Broadcast(customer.Id, broadcastId);
        broadcast.Uuid = Guid.NewGuid().ToString();

        var response = await brand.Events.EmitBatchAsync(new EmitBatchRequest { Activities = { broadcast, broadcast } });

        Assert.Equal([false, true], response.Results.Select(result => result.Duplicate));
        Assert.Equal(response.Results[0].Cursor, response.Results[1].Cursor);
        Assert.Equal(1, await brand.StreamLengthAsync());
    }

    [Fact]
    public async Task A_batch_repeating_stored_uuids_adds_only_the_new_ones_in_order()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("mixed@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var stored = await brand.BroadcastAsync(customer.Id, broadcastId);
        var repeat = Activities.Broadcast(customer.Id, broadcastId);
        repeat.Uuid = stored.Activity.Uuid;

        var response = await brand.Events.EmitBatchAsync(new EmitBatchRequest
        {
            Activities = { Activities.Open(customer.Id, broadcastId), repeat, Activities.Click(customer.Id, broadcastId) },
        });

        Assert.Equal([false, true, false], response.Results.Select(result => result.Duplicate));
        Assert.Equal(stored.Activity, response.Results[1].Activity);
        Assert.Equal(3, await brand.StreamLengthAsync());
    }
}
