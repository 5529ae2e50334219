using StackExchange.Redis;

namespace Deployteq.AppHost.Hosting;

public sealed class RedisHealthProbe(RedisResource redis) : IHealthProbe
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",connectTimeout=1000,abortConnect=true");
        await connection.GetDatabase().PingAsync();
        return true;
    }
}
