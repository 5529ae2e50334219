using Deployteq.Events.Grpc;
using Deployteq.Events.V1;
using Deployteq.TestSupport;

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
    public async Task A_batch_whose_activities_pass_the_client_limit_answers_the_rest_with_uuid_and_cursor_only()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("large-details@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        // Manual options of 4,096 three-byte characters in all (the limit) and a long subject:
        // about 15 KB of details, repeated on every open of this recipient, so a thousand opens
        // would answer 15 MB.
        var broadcast = Activities.Broadcast(customer.Id, broadcastId);
        broadcast.Broadcast.Subject = LargeValues.Text(998);
        broadcast.Broadcast.BroadcastManualOptions.Fields.Clear();
        for (var i = 0; i < 4; i++)
        {
            broadcast.Broadcast.BroadcastManualOptions.Fields[$"o{i}"] = Google.Protobuf.WellKnownTypes.Value.ForString(LargeValues.Text(1022));
        }

        await brand.Events.EmitAsync(new EmitRequest { Activity = broadcast });
        var request = new EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, EventsService.MaxBatchSize).Select(_ => Activities.Open(customer.Id, broadcastId)));

        var response = await brand.Events.EmitBatchAsync(request);

        Assert.InRange(response.CalculateSize(), 1, 4 * 1024 * 1024);
        Assert.Equal(1000, response.Results.Count);
        var answered = response.Results.TakeWhile(result => result.Activity is not null).ToList();
        Assert.NotEmpty(answered);
        Assert.All(answered, result => Assert.Equal(4, result.Activity.Broadcast.BroadcastManualOptions.Fields.Count));
        Assert.All(response.Results.Skip(answered.Count), result => Assert.Null(result.Activity));
        Assert.All(answered, result => Assert.Equal(result.Activity.Uuid, result.Uuid));
        Assert.Equal(1000, response.Results.Select(result => result.Uuid).Distinct().Count());
        var stream = await fixture.Redis.Database.StreamRangeAsync($"evt:{{b{brand.Id}}}:stream");
        Assert.Equal(response.Results.Select(result => result.Cursor), stream.Skip(1).Select(entry => entry.Id.ToString()));
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
