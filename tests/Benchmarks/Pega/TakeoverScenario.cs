using System.Diagnostics;
using Deployteq.PegaStandIn;
using Deployteq.TestSupport;
using StackExchange.Redis;

namespace Deployteq.Benchmarks.Pega;

// Time from the holder's end to the next delivery: a SIGKILL of the holder with another process
// running (its reference: LeaseLifetime + 2 s), then a SIGTERM of the new holder with a third
// one running (reference: 2 s), both in the middle of a backlog.
public static class TakeoverScenario
{
    public sealed record Result(double AfterKillSeconds, double AfterStopSeconds, long Duplicates, int Activities);

    public static async Task<Result> RunAsync(
        Func<int, long, Task> emit, StandInEndpoint endpoint, string leaseKey, RedisServer redis, ConnectorProcess first,
        Func<Task<ConnectorProcess>> start, int activities)
    {
        // 50 ms a call and room for 50 at once: ~1,000/s, so a stop finds calls in flight.
        endpoint.Latency = TimeSpan.FromMilliseconds(50);
        endpoint.Capacity = 50;
        await using var second = await start();
        await emit(activities, 800_000);
        await BacklogMovedAsync(endpoint, activities / 4);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();

        var holder = await HolderAsync(db, leaseKey, first, second);
        var other = holder == first ? second : first;
        await holder.KillAsync();
        var afterKill = await ResumedAfterAsync(endpoint, Stopwatch.GetTimestamp());

        await BacklogMovedAsync(endpoint, activities / 2);
        await using var third = await start();
        var next = await HolderAsync(db, leaseKey, other, third);
        await next.StopAsync();
        var afterStop = await ResumedAfterAsync(endpoint, Stopwatch.GetTimestamp());

        await BacklogMovedAsync(endpoint, activities);
        return new Result(afterKill.TotalSeconds, afterStop.TotalSeconds, endpoint.Duplicates, activities);
    }

    private static async Task<ConnectorProcess> HolderAsync(IDatabase db, string leaseKey, params ConnectorProcess[] processes)
    {
        var lease = (string?)await db.StringGetAsync(leaseKey) ?? throw new InvalidOperationException("Nobody holds the lease.");
        var pid = int.Parse(lease.Split('/')[1]);
        return processes.Single(process => process.Id == pid);
    }

    // Calls already on the wire when the holder went may still come in the first moments.
    private static async Task<TimeSpan> ResumedAfterAsync(StandInEndpoint endpoint, long stopped)
    {
        var after = stopped + Stopwatch.Frequency / 5;
        var first = await Poll.UntilAsync(() => endpoint.Log.Where(call => call.Arrived > after).Select(call => call.Arrived).DefaultIfEmpty(0).Min(),
            arrived => arrived > 0, "delivery resumed", TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(20));
        return Stopwatch.GetElapsedTime(stopped, first);
    }

    private static Task BacklogMovedAsync(StandInEndpoint endpoint, int arrived) =>
        Poll.UntilAsync(() => endpoint.Unique, unique => unique >= arrived, $"the takeover backlog moved to {arrived} arrivals", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(20));
}
