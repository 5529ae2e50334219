using System.Diagnostics;
using Deployteq.PegaConnector.V1;
using Deployteq.PegaStandIn;
using Deployteq.TestSupport;
using ActivityKind = Deployteq.PegaConnector.V1.ActivityKind;

namespace Deployteq.PegaConnector.Tests;

// The endpoint sets the pace: a Retry-After holds every call to it, and the concurrency limit
// follows what it can take.
[Collection(PegaCollection.Name)]
public sealed class BackpressureTests(PegaFixture fixture)
{
    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_Retry_After_holds_every_call_to_the_endpoint_until_it_has_passed(int status)
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.Latency = TimeSpan.FromMilliseconds(10);
        var uuids = await brand.EmitBroadcastsAsync(600);
        await Poll.UntilAsync(() => brand.Endpoint.Unique >= 50, "delivery is under way");

        brand.Endpoint.SetFault(new Fault { Status = status, RetryAfter = "3", Calls = 1 });
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Pace is { HeldUntil: not null, HeldBy: var by } && by.Contains(status.ToString()),
            "the installation reports the hold");
        await brand.WaitForArrivalsAsync(uuids);

        var calls = brand.Endpoint.Log.ToList();
        var told = calls.Single(call => call.Status == status);
        // Calls already on their way when the answer left may still come in its first moments;
        // after that, none until the 3 s have passed.
        var during = calls.Where(call => call.Arrived > told.Timestamp + Stopwatch.Frequency && call.Arrived < told.Timestamp + Stopwatch.Frequency * 29 / 10).ToList();
        Assert.Empty(during);
        var again = calls.First(call => call.IdempotencyKey == told.IdempotencyKey && call.Arrived > told.Timestamp);
        Assert.True(Stopwatch.GetElapsedTime(told.Timestamp, again.Arrived) >= TimeSpan.FromSeconds(2.95), "The activity told to wait came back too soon.");
        Assert.Equal(600, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
    }

    [Fact]
    public async Task The_concurrency_limit_comes_down_to_what_the_endpoint_can_take_and_goes_back_up_when_it_takes_more()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.Latency = TimeSpan.FromMilliseconds(80);
        brand.Endpoint.LatencyJitter = TimeSpan.FromMilliseconds(20);
        brand.Endpoint.Capacity = 2;
        var uuids = await brand.EmitBroadcastsAsync(600);

        // It starts at the cap (8): above 2 at once the endpoint answers 429 with Retry-After: 1.
        var lowest = int.MaxValue;
        await Poll.UntilAsync(async () =>
            lowest = Math.Min(lowest, (await brand.GetAsync(installation.InstallationId)).Pace?.ConcurrencyLimit is > 0 and var limit ? limit : int.MaxValue),
            seen => seen <= 3, "the limit came down to the endpoint's capacity of 2 (observed: the lowest limit seen)");
        Assert.True(brand.Endpoint.Throttled > 0);

        // The limit grows only while there is work waiting: keep a backlog until it is back at the
        // cap (on a loaded machine the first 600 could all be delivered before it got there).
        brand.Endpoint.Capacity = 0;
        var emitted = uuids.ToList();
        await Poll.UntilAsync(async () =>
        {
            if ((await brand.GetAsync(installation.InstallationId)).Pace?.ConcurrencyLimit == ConnectorSettings.MaxInFlight)
            {
                return true;
            }

            if (brand.Endpoint.Unique > emitted.Count - 100)
            {
                emitted.AddRange(await brand.EmitBroadcastsAsync(200));
            }

            return false;
        }, "the limit went back up to the cap", TimeSpan.FromSeconds(120));
        await brand.WaitForArrivalsAsync(emitted);

        Assert.True(brand.Endpoint.MaxConcurrent > 2, $"at most {brand.Endpoint.MaxConcurrent} calls at once");
        Assert.Equal(emitted.Count, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
        Assert.Equal(0, (await brand.GetAsync(installation.InstallationId)).Counts.Dead);
    }
}
