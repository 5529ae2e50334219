using System.Security.Cryptography;

namespace Deployteq.AppHost.Hosting;

// redis-server as a process: a data folder of its own, the append-only file on, and a password
// made once per AppHost run, so a restart after a crash comes back on the same port, data and password.
// A node of a cluster (RedisClusterResource) is one too, with the cluster's password, cluster mode
// on, and data for the run only.
public sealed class RedisResource : ConnectionStringResource
{
    private readonly string _executable;
    private bool _prepared;

    public RedisResource(string name, string executable, string dataDirectory, string? password = null, bool clusterNode = false) : base(name)
    {
        _executable = executable;
        DataDirectory = dataDirectory;
        Password = password ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        ClusterNode = clusterNode;
        AddEndpoint("tcp", "tcp", port: null, http2Only: false);
        HealthProbe = new RedisHealthProbe(this);
    }

    public override string Kind => "Redis";

    public string DataDirectory { get; }

    public string Password { get; }

    public bool ClusterNode { get; }

    public EndpointAnnotation PrimaryEndpoint => GetEndpoint("tcp");

    public override string ConnectionString => $"127.0.0.1:{PrimaryEndpoint.Port},password={Password}";

    public override string Command => _executable;

    public override IReadOnlyList<string> Arguments =>
    [
        "--port", PrimaryEndpoint.Port.ToString(), "--bind", "127.0.0.1", "--dir", DataDirectory, "--appendonly", "yes", "--appendfsync", "always",
        "--requirepass", Password, "--daemonize", "no", "--save", "",
        .. ClusterNode ? (string[])["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "15000"] : [],
    ];

    public override string? WorkingDirectory => DataDirectory;

    public override string MissingExecutableMessage =>
        "redis-server was not found on PATH. Install it with 'sudo apt-get install -y redis-server' " +
        "(or run ./run.sh, which does), or point REDIS_SERVER at it.";

    // A cluster node starts empty each run (its ports are new, which a saved nodes.conf could not
    // follow), but a restart within the run keeps nodes.conf, so the node rejoins its cluster.
    public override void PrepareStart()
    {
        if (ClusterNode && !_prepared && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        _prepared = true;
        Directory.CreateDirectory(DataDirectory);
    }

    public static string? FindExecutable()
    {
        if (System.Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return ExecutableLocator.Find("redis-server");
    }
}
