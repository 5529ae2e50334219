using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Deployteq.TestSupport;

namespace Deployteq.Benchmarks;

// redis-benchmark against the same redis-server, run just before our figures, so that the ratio
// between the two says how close to Redis's own speed the service gets on this machine today.
public static partial class ReferenceBenchmark
{
    public static async Task<double> RunAsync(RedisServer redis, int clients, int requests, params string[] test)
    {
        var start = new ProcessStartInfo("redis-benchmark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", redis.Port.ToString(), "-a", redis.Password, "-c", clients.ToString(), "-n", requests.ToString(), "-q" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in test)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        // -q prints "<TEST>: <n> requests per second, p50=..." possibly after carriage-return updates.
        var match = RequestsPerSecond().Matches(output).LastOrDefault()
            ?? throw new InvalidOperationException("redis-benchmark printed no figure: " + output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"([\d.]+) requests per second")]
    private static partial Regex RequestsPerSecond();
}
