using System.Diagnostics;
using Deployteq.Events.V1;
using Deployteq.PegaStandIn;

namespace Deployteq.Benchmarks.Pega;

// A bulk send, preloaded while the installation was paused (its endpoint refused the credentials),
// drained once new credentials resume it, against an endpoint that plays a real Pega: `latency` per call on average (nine
// tenths of it fixed, then up to a fifth of it as jitter) and room for `room` calls at once, above
// which it answers 429 with Retry-After: 1. Its reference is what the endpoint can take,
// room / latency.
public static class PaceScenario
{
    public sealed record Result(int Activities, int Room, double Seconds, double Rate, double Capacity, long Calls, long Refused, int MaxConcurrent, string Limits)
    {
        public double RefusedShare => Calls == 0 ? 0 : (double)Refused / Calls;
    }

    public static async Task<Result> RunAsync(
        Func<Task> resume, StandInEndpoint endpoint, int activities, TimeSpan latency, int room, Func<Task<int>> limit)
    {
        endpoint.Latency = latency * 0.9;
        endpoint.LatencyJitter = latency / 5;
        endpoint.Capacity = room;
        endpoint.CapacityRetryAfter = "1";
        await resume();
        var clock = Stopwatch.StartNew();
        // The connector's reported concurrency limit, once a second.
        var limits = new List<int>();
        var sampled = TimeSpan.Zero;
        while (endpoint.Unique < activities)
        {
            if (clock.Elapsed - sampled >= TimeSpan.FromSeconds(1))
            {
                sampled = clock.Elapsed;
                limits.Add(await limit());
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Only {endpoint.Unique:N0} of {activities:N0} arrived at the endpoint with room for {room}.");
            }

            await Task.Delay(50);
        }

        var arrivals = endpoint.Arrivals.Select(arrival => arrival.Timestamp).Order().ToList();
        var seconds = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds;
        return new Result(activities, room, seconds, activities / seconds, room / latency.TotalSeconds, endpoint.Calls, endpoint.Throttled, endpoint.MaxConcurrent, string.Join(' ', limits));
    }
}
