using StackExchange.Redis;

namespace Deployteq.AppHost.Hosting;

public sealed class RedisHealthProbe(RedisResource redis) : IHealthProbe
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",connectTimeout=1000,abortConnect=true");
        // This server itself: a cluster node answers before it serves any slot.
        await connection.GetServer("127.0.0.1", redis.PrimaryEndpoint.Port).PingAsync();
        return true;
    }
}
