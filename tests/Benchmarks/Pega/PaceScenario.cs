using System.Diagnostics;
using Deployteq.Events.V1;
using Deployteq.PegaStandIn;
using Deployteq.TestSupport;

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
        await Poll.UntilAsync(async () =>
            {
                if (clock.Elapsed - sampled >= TimeSpan.FromSeconds(1))
                {
                    sampled = clock.Elapsed;
                    limits.Add(await limit());
                }

                return endpoint.Unique;
            },
            unique => unique >= activities, $"{activities:N0} arrived at the endpoint with room for {room}", TimeSpan.FromMinutes(10));

        var arrivals = endpoint.Arrivals.Select(arrival => arrival.Timestamp).Order().ToList();
        var seconds = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]).TotalSeconds;
        return new Result(activities, room, seconds, activities / seconds, room / latency.TotalSeconds, endpoint.Calls, endpoint.Throttled, endpoint.MaxConcurrent, string.Join(' ', limits));
    }
}
