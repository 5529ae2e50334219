using System.Diagnostics;
using StackExchange.Redis;

namespace Deployteq.TestSupport;

// A real Redis Cluster of three primaries on loopback, no replicas: three redis-server processes
// with cluster mode on, each in a temporary folder of its own, joined by `redis-cli --cluster
// create`. Ready once every node reports cluster_state:ok. Disposing stops them all.
public sealed class RedisCluster : IAsyncDisposable
{
    public const int Primaries = 3;

    private readonly IReadOnlyList<RedisServer> _nodes;

    private RedisCluster(IReadOnlyList<RedisServer> nodes, string password)
    {
        _nodes = nodes;
        Password = password;
    }

    public string Password { get; }

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    // Every node, as a service would be given it: StackExchange.Redis finds the cluster by itself.
    public string ConnectionString => string.Join(",", _nodes.Select(node => $"127.0.0.1:{node.Port}")) + $",password={Password}";

    public static string CliExecutable =>
        Environment.GetEnvironmentVariable("REDIS_CLI") is { Length: > 0 } path ? path : "redis-cli";

    public static async Task<RedisCluster> StartAsync()
    {
        var password = Guid.NewGuid().ToString("N");
        var nodes = new List<RedisServer>();
        try
        {
            for (var i = 0; i < Primaries; i++)
            {
                nodes.Add(await RedisServer.StartAsync(password, () =>
                [
                    // No replicas, so a node taken for failed only takes the cluster down (CLUSTERDOWN): a long
                    // node timeout keeps a loaded machine's slow heartbeat from doing that.
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "60000",
                    // The cluster bus on a free port of its own, not port + 10000, which may be taken.
                    "--cluster-port", FreePort.Next().ToString(), "--masterauth", password,
                ]));
            }

            var cluster = new RedisCluster(nodes, password);
            await cluster.CreateAsync();
            await cluster.WaitUntilOkAsync();
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo(CliExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-a", Password, "--no-auth-warning", "--cluster", "create" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var node in _nodes)
        {
            start.ArgumentList.Add($"127.0.0.1:{node.Port}");
        }

        foreach (var argument in new[] { "--cluster-replicas", "0", "--cluster-yes" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-cli was not found. Install it (apt-get install redis-tools) or set REDIS_CLI.", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}");
            }
        }
    }

    // Every node reports cluster_state:ok, knows every other, and they all agree on who serves
    // which slots (right after `--cluster create` a node may still answer CLUSTERDOWN).
    private Task WaitUntilOkAsync() =>
        Poll.UntilAsync(AgreementAsync, agreement => agreement.Ok == _nodes.Count && agreement.Layouts == 1,
            "every node of the Redis Cluster reached cluster_state:ok and they agree on the slots", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

    // How many nodes report ok, and how many different slot layouts they report.
    private async Task<(int Ok, int Layouts)> AgreementAsync()
    {
        var ready = 0;
        var layouts = new HashSet<string>();
        foreach (var node in _nodes)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(node.ConnectionString + ",connectTimeout=1000");
            // This node's own view: a keyless command sent through the multiplexer could go
            // to any node of the cluster.
            var server = connection.GetServer("127.0.0.1", node.Port);
            var info = (string?)await server.ExecuteAsync("CLUSTER", "INFO") ?? "";
            if (info.Contains("cluster_state:ok", StringComparison.Ordinal)
                && info.Contains($"cluster_known_nodes:{_nodes.Count}", StringComparison.Ordinal)
                && info.Contains("cluster_slots_ok:16384", StringComparison.Ordinal))
            {
                ready++;
            }

            var slots = (RedisResult[])(await server.ExecuteAsync("CLUSTER", "SLOTS"))!;
            layouts.Add(string.Join(";", slots
                .Select(range => (RedisResult[])range!)
                .Select(range => $"{(long)range[0]}-{(long)range[1]}@{(long)((RedisResult[])range[2]!)[1]}")
                .Order()));
        }

        return (ready, layouts.Count);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
