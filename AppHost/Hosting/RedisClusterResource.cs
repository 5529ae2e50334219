using System.Diagnostics;
using StackExchange.Redis;

namespace Deployteq.AppHost.Hosting;

// A Redis Cluster of primaries without replicas, for running the system on one as production
// would (APPHOST_REDIS_CLUSTER=3): its nodes are redis-server resources of their own ("redis-0",
// ...), and this resource joins them with `redis-cli --cluster create` once they answer, then is
// healthy when every node reports cluster_state:ok. Its data lives for the run only: the nodes
// get new ports each run, which a saved cluster layout could not follow.
public sealed class RedisClusterResource : Resource, IRedisConnection
{
    private readonly IReadOnlyList<RedisResource> _nodes;
    private readonly string _cli;
    private readonly string _password;
    private bool _created;

    public RedisClusterResource(string name, IReadOnlyList<RedisResource> nodes, string cli, string password, ConsoleOutput output)
        : base(name, output)
    {
        _nodes = nodes;
        _cli = cli;
        _password = password;
        foreach (var node in nodes)
        {
            AddDependency(node);
        }
    }

    public string ConnectionString => string.Join(",", _nodes.Select(node => $"127.0.0.1:{node.Port}")) + $",password={_password}";

    public override IReadOnlyDictionary<string, string> Endpoints =>
        _nodes.Select((node, index) => (index, node)).ToDictionary(pair => $"tcp{pair.index}", pair => $"tcp://127.0.0.1:{pair.node.Port}");

    // The cluster is down once any of its nodes is.
    public override Task Exited => Task.WhenAny(_nodes.Select(node => node.Exited)).Unwrap();

    // The nodes are processes of their own; joining them needs them up, so it happens in the probe.
    protected override void StartProcess()
    {
    }

    protected override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await CreateAsync(cancellationToken);
            _created = true;
        }

        foreach (var node in _nodes)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(node.ConnectionString + ",connectTimeout=1000,abortConnect=true");
            var info = (string?)await connection.GetDatabase().ExecuteAsync("CLUSTER", "INFO") ?? "";
            if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The password travels in the environment, not on a command line others can read.
        start.Environment["REDISCLI_AUTH"] = _password;
        foreach (var argument in new[] { "--no-auth-warning", "--cluster", "create" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var node in _nodes)
        {
            start.ArgumentList.Add($"127.0.0.1:{node.Port}");
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--cluster-yes");
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}");
        }

        Output.Host($"{Name}: a cluster of {_nodes.Count} primaries on ports {string.Join(", ", _nodes.Select(node => node.Port))}");
    }
}
