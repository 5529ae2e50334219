using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Aspire.Hosting.ApplicationModel;

// Health of a RedisServerResource or a cluster: an authenticated PING to each node (and, for a
// cluster, cluster_state:ok on each). One multiplexer per resource, made at the first check and
// reconnecting by itself after a restart of the node.
public sealed class RedisPing(Func<CancellationToken, ValueTask<string?>> connectionString, IReadOnlyList<RedisServerResource> nodes, bool cluster) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            foreach (var node in nodes)
            {
                var server = connection.GetServer("127.0.0.1", node.PrimaryEndpoint.Port);
                await server.PingAsync();
                if (cluster && !((string?)await server.ExecuteAsync("CLUSTER", "INFO") ?? "").Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return HealthCheckResult.Unhealthy($"{node.Name}: cluster_state is not ok");
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            // The message only: a connection string (with its password) is never in it.
            return HealthCheckResult.Unhealthy(exception.GetType().Name);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null)
            {
                var options = ConfigurationOptions.Parse(await connectionString(cancellationToken) ?? "");
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 2000;
                options.SyncTimeout = 2000;
                _connection = await ConnectionMultiplexer.ConnectAsync(options);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }
}
