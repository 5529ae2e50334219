using Deployteq.Events.Grpc;
using Deployteq.Events.V1;

namespace Deployteq.Events.Tests;

[Collection(EventsCollection.Name)]
public sealed class BatchTests(EventsFixture fixture)
{
    [Fact]
    public async Task A_batch_is_stored_in_its_order_and_an_open_may_follow_its_broadcast_in_the_same_batch()
    {
        var brand = await fixture.NewBrandAsync();
        var customers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            customers.Add((await brand.CreateCustomerAsync($"r{i}@example.com")).Id);
        }

        var broadcastId = TestBrand.NewBroadcastId();
        var request = new EmitBatchRequest();
        request.Activities.AddRange(customers.Select(id => Activities.Broadcast(id, broadcastId)));
        request.Activities.Add(Activities.Open(customers[1], broadcastId));

        var response = await brand.Events.EmitBatchAsync(request);

        Assert.Equal(4, response.Results.Count);
        Assert.Equal(customers.Append(customers[1]), response.Results.Select(result => result.Activity.CustomerId));
        Assert.Equal("Order confirmation", response.Results[3].Activity.Broadcast.ContentName);
        var cursors = response.Results.Select(result => result.Cursor).ToList();
        var stream = await fixture.Redis.Database.StreamRangeAsync($"evt:{{b{brand.Id}}}:stream");
        Assert.Equal(cursors, stream.Select(entry => entry.Id.ToString()));
    }

    [Fact]
    public async Task A_batch_of_a_thousand_is_taken()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("thousand@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var request = new EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, EventsService.MaxBatchSize).Select(_ => Activities.Broadcast(customer.Id, broadcastId)));

        var response = await brand.Events.EmitBatchAsync(request);

        Assert.Equal(1000, response.Results.Count);
        Assert.Equal(1000, await brand.StreamLengthAsync());
    }

    [Fact]
    public async Task Metric_ids_count_on_within_a_batch_and_across_batches_and_skip_duplicates()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("metric-ids@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var repeated = Activities.Open(customer.Id, broadcastId);
        repeated.Uuid = Guid.NewGuid().ToString();

        var first = await brand.Events.EmitBatchAsync(new EmitBatchRequest
        {
            Activities =
            {
                Activities.Open(customer.Id, broadcastId), repeated, Activities.Click(customer.Id, broadcastId),
                repeated, Activities.Open(customer.Id, broadcastId),
            },
        });
        var second = await brand.Events.EmitBatchAsync(new EmitBatchRequest
        {
            Activities = { repeated, Activities.Open(customer.Id, broadcastId), Activities.Click(customer.Id, broadcastId) },
        });

        Assert.Equal([1L, 2, 1, 2, 3], first.Results.Select(result => result.Activity.MetricId));
        Assert.Equal([2L, 4, 2], second.Results.Select(result => result.Activity.MetricId));
    }
}
