using StackExchange.Redis;

namespace Deployteq.TestSupport;

// Which commands clients sent to Redis while an action ran: a script counts once however many
// commands it runs inside. Redis's slow log with a threshold of 0 records every command; the
// ones a script ran carry no client address ("?:0"), and are left out.
public static class RedisCommandLog
{
    // Connection bookkeeping of the clients, not work of the call being measured.
    private static readonly HashSet<string> Housekeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONFIG", "SLOWLOG", "PING", "ECHO", "INFO", "CLIENT", "CLUSTER", "SUBSCRIBE", "UNSUBSCRIBE", "SELECT",
        // Customers' revocation-feed heartbeat, once a second whatever the test does (a PUBLISH
        // inside a script is left out anyway, as every command a script runs).
        "PUBLISH",
    };

    // Customers' change-feed watchers (Events among them) read the feed in the background when a
    // change wakes them: their work, not the measured call's, and at no fixed moment.
    private static bool ReadsChangeFeed(RedisResult[] arguments) =>
        arguments.Length > 1 && (string?)arguments[1] is { } key
        && key.StartsWith("cust:{", StringComparison.Ordinal) && key.Contains("}:changes", StringComparison.Ordinal)
        && ((string)arguments[0]!).ToUpperInvariant() is "GET" or "XRANGE" or "XREVRANGE";

    public static async Task<IReadOnlyList<string>> RecordAsync(this RedisFixture redis, Func<Task> action)
    {
        // Every primary: on a cluster each node logs only the commands it ran.
        var servers = redis.Primaries;
        foreach (var server in servers)
        {
            await server.ConfigSetAsync("slowlog-max-len", 100_000);
            await server.SlowlogResetAsync();
            await server.ConfigSetAsync("slowlog-log-slower-than", 0);
        }

        try
        {
            await action();
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.ConfigSetAsync("slowlog-log-slower-than", 10_000);
            }
        }

        // Each entry: id, time, duration, arguments, client address, client name.
        var entries = new List<RedisResult[]>();
        foreach (var server in servers)
        {
            entries.AddRange(((RedisResult[])(await server.ExecuteAsync("SLOWLOG", "GET", 100_000))!).Select(entry => (RedisResult[])entry!));
        }

        return entries
            .Where(entry => (string?)entry[4] is { } address && address != "?:0")
            .Where(entry => !ReadsChangeFeed((RedisResult[])entry[3]!))
            .OrderBy(entry => (long)entry[1])
            .ThenBy(entry => (long)entry[0])
            .Select(entry => ((string)((RedisResult[])entry[3]!)[0]!).ToUpperInvariant())
            .Where(command => !Housekeeping.Contains(command))
            .ToList();
    }
}
