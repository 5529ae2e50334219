using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Deployteq.Benchmarks.Measuring;

// What has been spent so far: this process's CPU (the client and the in-process services),
// redis-server's CPU (INFO cpu), the Redis commands the services sent (their multiplexers'
// operation counts: one each, pipelined or not; a script is one) and the script calls Redis ran.
public readonly record struct CostSnapshot(TimeSpan ProcessCpu, TimeSpan RedisCpu, long RedisCommandsSent, long ScriptCalls)
{
    public static async Task<CostSnapshot> TakeAsync(IServer redis, IReadOnlyList<IConnectionMultiplexer> services)
    {
        double cpuSeconds = 0;
        long scripts = 0;
        foreach (var group in await redis.InfoAsync("everything"))
        {
            foreach (var entry in group)
            {
                if (entry.Key is "used_cpu_sys" or "used_cpu_user")
                {
                    cpuSeconds += double.Parse(entry.Value, CultureInfo.InvariantCulture);
                }
                else if (entry.Key is "cmdstat_evalsha" or "cmdstat_eval")
                {
                    var calls = entry.Value.Split(',')[0];
                    scripts += long.Parse(calls[(calls.IndexOf('=') + 1)..], CultureInfo.InvariantCulture);
                }
            }
        }

        var sent = services.Sum(multiplexer => multiplexer.GetCounters().Interactive.OperationCount);
        return new CostSnapshot(Process.GetCurrentProcess().TotalProcessorTime, TimeSpan.FromSeconds(cpuSeconds), sent, scripts);
    }

    public static CostSnapshot operator -(CostSnapshot after, CostSnapshot before) => new(
        after.ProcessCpu - before.ProcessCpu, after.RedisCpu - before.RedisCpu,
        after.RedisCommandsSent - before.RedisCommandsSent, after.ScriptCalls - before.ScriptCalls);

    public static CostSnapshot operator +(CostSnapshot left, CostSnapshot right) => new(
        left.ProcessCpu + right.ProcessCpu, left.RedisCpu + right.RedisCpu,
        left.RedisCommandsSent + right.RedisCommandsSent, left.ScriptCalls + right.ScriptCalls);

    // Per unit of work (a call, a row): process CPU and Redis CPU in µs, commands and scripts.
    public string Per(long units, string unit) =>
        $"per {unit}: process {ProcessCpu.TotalMicroseconds / units:F1} µs CPU, redis-server {RedisCpu.TotalMicroseconds / units:F1} µs CPU, " +
        $"{(double)RedisCommandsSent / units:F3} Redis commands sent, {(double)ScriptCalls / units:F3} scripts run";
}
