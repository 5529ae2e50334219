using StackExchange.Redis;

namespace Deployteq.TestSupport;

// Which commands clients sent to Redis while an action ran: a script counts once however many
// commands it runs inside. Redis's slow log with a threshold of 0 records every command; the
// ones a script ran carry no client address ("?:0"), and are left out.
public static class RedisCommandLog
{
    private static readonly HashSet<string> Housekeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONFIG", "SLOWLOG", "PING", "ECHO", "INFO", "CLIENT", "CLUSTER", "SUBSCRIBE", "UNSUBSCRIBE",
    };

    public static async Task<IReadOnlyList<string>> RecordAsync(this RedisFixture redis, Func<Task> action)
    {
        var server = redis.Admin;
        await server.ConfigSetAsync("slowlog-max-len", 100_000);
        await server.SlowlogResetAsync();
        await server.ConfigSetAsync("slowlog-log-slower-than", 0);
        try
        {
            await action();
        }
        finally
        {
            await server.ConfigSetAsync("slowlog-log-slower-than", 10_000);
        }

        // Each entry: id, time, duration, arguments, client address, client name.
        var entries = (RedisResult[])(await server.ExecuteAsync("SLOWLOG", "GET", 100_000))!;
        return entries
            .Select(entry => (RedisResult[])entry!)
            .Where(entry => (string?)entry[4] is { } address && address != "?:0")
            .OrderBy(entry => (long)entry[0])
            .Select(entry => ((string)((RedisResult[])entry[3]!)[0]!).ToUpperInvariant())
            .Where(command => !Housekeeping.Contains(command))
            .ToList();
    }
}
