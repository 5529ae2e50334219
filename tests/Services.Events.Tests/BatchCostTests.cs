using System.Globalization;
using Deployteq.Events.V1;
using Deployteq.TestSupport;

namespace Deployteq.Events.Tests;

// An EmitBatch costs a constant number of calls to Customers and of Redis commands, whatever its
// size; the calls to Customers carry the caller's own token and deadline.
[Collection(EventsCollection.Name)]
public sealed class BatchCostTests(EventsFixture fixture)
{
    [Fact]
    public async Task A_batch_of_a_thousand_costs_the_same_few_calls_to_customers_and_redis_as_a_batch_of_ten()
    {
        var brand = await fixture.NewBrandAsync();
        var customers = new List<long>();
        for (var i = 0; i < 110; i++)
        {
            customers.Add((await brand.CreateCustomerAsync($"cost{i}@example.com")).Id);
        }

        var broadcastId = TestBrand.NewBroadcastId();
        var broadcasts = new EmitBatchRequest();
        broadcasts.Activities.AddRange(customers.Select(id => Activities.Broadcast(id, broadcastId)));
        await brand.Events.EmitBatchAsync(broadcasts);
        // Every script the emit path uses is loaded into Redis before anything is counted.
        await brand.Events.EmitBatchAsync(Mixed(customers, broadcastId, 3));
        // Tokens of their own: neither batch finds its customers in Events' cache (kept per token).
        var ten = new V1.Events.EventsClient(fixture.Event(await fixture.TokenAsync(brand, "events.emit", "customers", "mailability")));
        var thousand = new V1.Events.EventsClient(fixture.Event(await fixture.TokenAsync(brand, "events.emit", "customers", "mailability")));

        var (tenCalls, tenCommands) = await MeasureAsync(() => ten.EmitBatchAsync(Mixed(customers.Take(10).ToList(), broadcastId, 10)).ResponseAsync);
        var (thousandCalls, thousandCommands) = await MeasureAsync(() => thousand.EmitBatchAsync(Mixed(customers.Skip(10).ToList(), broadcastId, 1000)).ResponseAsync);

        Assert.Equal(
            ["/deployteq.customers.v1.Identity/WhoAmI", "/deployteq.customers.v1.Customers/BatchGetCustomers", "/deployteq.customers.v1.Mailability/RecordMailabilityEvents"],
            thousandCalls.Select(call => call.Path));
        Assert.Equal(tenCalls.Select(call => call.Path), thousandCalls.Select(call => call.Path));
        Assert.Equal(tenCommands, thousandCommands);
        Assert.True(thousandCommands.Count <= 8, string.Join(", ", thousandCommands));
    }

    [Fact]
    public async Task Calls_to_customers_carry_the_callers_token_and_deadline()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("forwarded@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var other = await fixture.TokenAsync(brand, "events.emit", "customers", "mailability");
        var events = new V1.Events.EventsClient(fixture.Event(other));

        var calls = await fixture.CustomersCalls.DuringAsync(() => events.EmitAsync(
            new EmitRequest { Activity = Activities.Bounce(customer.Id, broadcastId, BounceType.Soft) },
            deadline: DateTime.UtcNow.AddSeconds(40)).ResponseAsync);

        var forCaller = calls.Where(call => call.Path.EndsWith("/BatchGetCustomers") || call.Path.EndsWith("/RecordMailabilityEvents")).ToList();
        Assert.Equal(2, forCaller.Count);
        Assert.All(forCaller, call =>
        {
            Assert.Equal("Bearer " + other, call.Authorization);
            Assert.NotNull(call.Timeout);
            Assert.InRange(Seconds(call.Timeout!), 0.001, 40);
        });
    }

    [Fact]
    public async Task Customers_with_large_custom_fields_cost_one_small_customer_lookup()
    {
        var brand = await fixture.NewBrandAsync();
        // About 1.2 MB of custom fields each: five in full would pass a gRPC client's 4 MiB.
        var fields = LargeValues.CustomFields();
        var customers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var created = await brand.Customers.CreateCustomerAsync(new Customers.V1.CreateCustomerRequest
            {
                EmailAddress = $"large{i}@example.com", ExternalId = $"crm-{i}", Fields = { fields },
            });
            customers.Add(created.Id);
        }

        var broadcastId = TestBrand.NewBroadcastId();
        var request = new EmitBatchRequest();
        request.Activities.AddRange(customers.Select(id => Activities.Broadcast(id, broadcastId)));
        IReadOnlyList<RecordedCall> calls = [];
        EmitBatchResponse? response = null;

        calls = await fixture.CustomersCalls.DuringAsync(async () => response = await brand.Events.EmitBatchAsync(request));

        Assert.Equal(customers, response!.Results.Select(result => result.Activity.CustomerId));
        Assert.Equal(customers.Select((_, i) => $"crm-{i}"), response.Results.Select(result => result.Activity.ExternalId));
        Assert.Single(calls, call => call.Path.EndsWith("/BatchGetCustomers", StringComparison.Ordinal));
    }

    private async Task<(IReadOnlyList<RecordedCall> Calls, IReadOnlyList<string> Commands)> MeasureAsync(Func<Task> emit)
    {
        IReadOnlyList<RecordedCall> calls = [];
        var commands = await fixture.Redis.RecordAsync(async () => calls = await fixture.CustomersCalls.DuringAsync(emit));
        return (calls, commands);
    }

    // Opens, clicks and bounces (each with its uuid) over the customers, round and round.
    private static EmitBatchRequest Mixed(IReadOnlyList<long> customers, long broadcastId, int count)
    {
        var request = new EmitBatchRequest();
        for (var i = 0; i < count; i++)
        {
            var customer = customers[i % customers.Count];
            var activity = (i % 3) switch
            {
                0 => Activities.Open(customer, broadcastId),
                1 => Activities.Click(customer, broadcastId),
                _ => Activities.Bounce(customer, broadcastId, BounceType.Soft),
            };
            activity.Uuid = Guid.NewGuid().ToString();
            request.Activities.Add(activity);
        }

        return request;
    }

    // A grpc-timeout header: digits and a unit.
    private static double Seconds(string timeout)
    {
        var value = double.Parse(timeout[..^1], CultureInfo.InvariantCulture);
        return timeout[^1] switch
        {
            'H' => value * 3600,
            'M' => value * 60,
            'S' => value,
            'm' => value / 1e3,
            'u' => value / 1e6,
            'n' => value / 1e9,
            _ => throw new FormatException(timeout),
        };
    }
}
