using Deployteq.ServiceDefaults.Lua;
using StackExchange.Redis;
using Xunit;

namespace Deployteq.TestSupport;

// Linked into every service's suite with StrictScriptKeys: that suite's scripts really run in
// strict key mode, so a script naming a key of its own fails here rather than on a cluster.
public sealed class StrictScriptKeysTests
{
    [Fact]
    public async Task A_script_that_touches_a_key_not_passed_through_KEYS_fails()
    {
        await using var server = await RedisServer.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var database = redis.GetDatabase();
        var script = EmbeddedLua.Compose("redis.call('GET', KEYS[1]); return redis.call('GET', 'named-by-the-script')");

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => database.ScriptEvaluateAsync(script, ["passed"]));

        Assert.Contains("strict keys: GET touches named-by-the-script", refused.Message, StringComparison.Ordinal);
        Assert.True((await database.ScriptEvaluateAsync(EmbeddedLua.Compose("return redis.call('GET', KEYS[1])"), ["passed"])).IsNull);
    }
}
