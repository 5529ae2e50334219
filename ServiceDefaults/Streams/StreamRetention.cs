using StackExchange.Redis;

namespace Deployteq.ServiceDefaults.Streams;

// Trims every brand's stream of one layout below a position: what the retention sweeps do for
// brands that stopped writing (a write trims its own brand's stream).
public static class StreamRetention
{
    // Scans every primary for keys matching `streamPattern` (a cluster spreads the brands over
    // several); `trimmedThroughOf` names a stream's trimmed-through key, or null for a key that is
    // not one of the layout's streams. Returns how many entries went.
    public static async Task<long> TrimAsync(
        IConnectionMultiplexer redis,
        string streamPattern,
        Func<RedisKey, RedisKey?> trimmedThroughOf,
        string trimBelow,
        CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        long trimmed = 0;
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: streamPattern, pageSize: 500).WithCancellation(cancellationToken))
            {
                if (trimmedThroughOf(key) is { } trimmedThrough)
                {
                    trimmed += (long)await database.ScriptEvaluateAsync(StreamScripts.Trim, [key, trimmedThrough], [trimBelow]);
                }
            }
        }

        return trimmed;
    }
}
