using System.Diagnostics;
using StackExchange.Redis;

namespace Deployteq.AppHost.Hosting;

// A Redis Cluster of primaries without replicas, for running the system on one as production
// would (APPHOST_REDIS_CLUSTER=3). Its nodes are redis-server resources of their own ("redis-0",
// ...) that it waits for; it has no process: its health probe joins them once with
// `redis-cli --cluster create`, then passes while every node reports cluster_state:ok.
public sealed class RedisClusterResource : ConnectionStringResource
{
    private readonly string _cli;
    private readonly string _password;
    private readonly ConsoleOutput _output;
    private bool _created;

    public RedisClusterResource(string name, IReadOnlyList<RedisResource> nodes, string cli, string password, ConsoleOutput output) : base(name)
    {
        Nodes = nodes;
        _cli = cli;
        _password = password;
        _output = output;
        foreach (var node in nodes)
        {
            this.WaitFor(node);
        }

        HealthProbe = new DelegateHealthProbe(IsHealthyAsync);
    }

    public IReadOnlyList<RedisResource> Nodes { get; }

    public override string Kind => "RedisCluster";

    public override bool HasProcess => false;

    // Every node, so a client finds the cluster whichever node is up.
    public override string ConnectionString =>
        string.Join(",", Nodes.Select(node => $"127.0.0.1:{node.PrimaryEndpoint.Port}")) + $",password={_password}";

    public override string Command => _cli;

    public override IReadOnlyList<string> Arguments => [];

    public override string MissingExecutableMessage =>
        "redis-cli was not found on PATH; it joins the nodes of APPHOST_REDIS_CLUSTER. Install it with " +
        "'sudo apt-get install -y redis-tools' (redis-server brings it), or point REDIS_CLI at it.";

    public static string? FindCli()
    {
        if (System.Environment.GetEnvironmentVariable("REDIS_CLI") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return ExecutableLocator.Find("redis-cli");
    }

    private async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await CreateAsync(cancellationToken);
            _created = true;
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=1000,abortConnect=true");
        foreach (var node in Nodes)
        {
            // This node's own view: a keyless command through the multiplexer may go to any node.
            var info = (string?)await connection.GetServer("127.0.0.1", node.PrimaryEndpoint.Port).ExecuteAsync("CLUSTER", "INFO") ?? "";
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
        foreach (var argument in (string[])["--no-auth-warning", "--cluster", "create", .. Nodes.Select(node => $"127.0.0.1:{node.PrimaryEndpoint.Port}"),
            "--cluster-replicas", "0", "--cluster-yes"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var message = $"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}";
            _output.Host($"{Name}: {message}");
            throw new InvalidOperationException(message);
        }

        _output.Host($"{Name}: a cluster of {Nodes.Count} primaries on ports {string.Join(", ", Nodes.Select(node => node.PrimaryEndpoint.Port))}");
    }
}
