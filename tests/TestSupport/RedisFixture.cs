using StackExchange.Redis;
using Xunit;

namespace Deployteq.TestSupport;

// One Redis for a test collection: a single redis-server, or a three-primary cluster
// (REDIS_TOPOLOGY=cluster, or asked for by the fixture). Tests keep out of each other's way by
// using brands of their own, as tenants do in production.
public sealed class RedisFixture(RedisTopology topology) : IAsyncLifetime
{
    private RedisServer? _server;
    private RedisCluster? _cluster;
    private ConnectionMultiplexer? _connection;

    public RedisFixture()
        : this(RedisTopologies.FromEnvironment)
    {
    }

    public RedisTopology Topology => topology;

    // The single redis-server, for tests that kill and restart it.
    public RedisServer Server => _server ?? throw new InvalidOperationException(
        "This fixture runs no single redis-server (not started, or a cluster).");

    public string ConnectionString =>
        _cluster?.ConnectionString ?? _server?.ConnectionString ?? throw new InvalidOperationException("The fixture has not started.");

    // A connection of the test's own, to look at what a service left in Redis.
    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The fixture has not started.");

    public IDatabase Database => Connection.GetDatabase();

    // The first primary; on a cluster, use Primaries (or KeysAsync) to see every key.
    public IServer Admin => Primaries[0];

    // Every primary: one server, or each of the cluster's.
    public IReadOnlyList<IServer> Primaries =>
        Connection.GetServers().Where(server => !server.IsReplica).OrderBy(server => server.EndPoint.ToString()).ToList();

    // The primary that holds a key (on a cluster, the one serving its slot).
    public IServer PrimaryOf(RedisKey key) => Connection.GetServer(key);

    // Keys matching a pattern, on every primary.
    public async IAsyncEnumerable<RedisKey> KeysAsync(string pattern)
    {
        foreach (var server in Primaries)
        {
            await foreach (var key in server.KeysAsync(pattern: pattern))
            {
                yield return key;
            }
        }
    }

    // How often Redis has run a command (`evalsha`, `hgetall`, ...) since it started, over every
    // primary.
    public async Task<long> CommandCallsAsync(string command)
    {
        long calls = 0;
        foreach (var server in Primaries)
        {
            foreach (var group in await server.InfoAsync("commandstats"))
            {
                foreach (var entry in group.Where(entry => entry.Key == "cmdstat_" + command))
                {
                    // calls=12,usec=...
                    calls += long.Parse(entry.Value.Split(',')[0]["calls=".Length..]);
                }
            }
        }

        return calls;
    }

    public async Task InitializeAsync()
    {
        if (topology == RedisTopology.Cluster)
        {
            _cluster = await RedisCluster.StartAsync();
        }
        else
        {
            _server = await RedisServer.StartAsync();
        }

        try
        {
            _connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");
        }
        catch
        {
            await StopServersAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
        }
        finally
        {
            await StopServersAsync();
        }
    }

    private async Task StopServersAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
