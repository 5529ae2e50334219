using StackExchange.Redis;
using Xunit;

namespace Deployteq.TestSupport;

// One redis-server for a test collection. Tests keep out of each other's way by using brands of
// their own, as tenants do in production.
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public string ConnectionString => Server.ConnectionString;

    // A connection of the test's own, to look at what a service left in Redis.
    public IDatabase Database => (_connection ?? throw new InvalidOperationException("The fixture has not started.")).GetDatabase();

    public IServer Admin => _connection!.GetServer(_connection.GetEndPoints()[0]);

    // How often Redis has run a command (`evalsha`, `hgetall`, ...) since it started.
    public async Task<long> CommandCallsAsync(string command)
    {
        long calls = 0;
        foreach (var group in await Admin.InfoAsync("commandstats"))
        {
            foreach (var entry in group.Where(entry => entry.Key == "cmdstat_" + command))
            {
                // calls=12,usec=...
                calls += long.Parse(entry.Value.Split(',')[0]["calls=".Length..]);
            }
        }

        return calls;
    }

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString + ",allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
