using System.Diagnostics;
using StackExchange.Redis;

namespace Deployteq.Benchmarks.Measuring;

// Drives a method from concurrent callers, each calling back to back; only calls after the
// warm-up count, and the cost is taken over the same span.
public sealed class CallDriver(IServer redis, IReadOnlyList<IConnectionMultiplexer> services, Func<long>? otherCalls = null)
{
    public async Task DriveAsync(Measurement into, int callers, Func<int, Func<Random, Task>> callFor, TimeSpan warmUp, TimeSpan measured)
    {
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(warmUp + measured);
        var counting = new TaskCompletionSource();
        var snapshot = Task.Run(async () =>
        {
            await Task.Delay(warmUp);
            var before = (Cost: await CostSnapshot.TakeAsync(redis, services), Other: otherCalls?.Invoke() ?? 0, At: clock.Elapsed);
            counting.SetResult();
            return before;
        });
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var call = callFor(caller);
            var random = new Random(caller);
            long done = 0;
            while (!stop.IsCancellationRequested)
            {
                await call(random);
                if (counting.Task.IsCompleted)
                {
                    done++;
                }
            }

            return done;
        })));
        var end = clock.Elapsed;
        var before = await snapshot;
        var after = await CostSnapshot.TakeAsync(redis, services);
        into.Add(counts.Sum(), end - before.At, after - before.Cost, (otherCalls?.Invoke() ?? 0) - before.Other);
    }
}
