using System.Security.Cryptography;

namespace Deployteq.AppHost.Hosting;

// redis-server as a process: a data folder of its own, the append-only file on, and a password
// made once per AppHost run, so a restart after a crash comes back on the same port, data and password.
public sealed class RedisResource : Resource, IResourceWithConnectionString
{
    private readonly string _executable;

    public RedisResource(string name, string executable, string dataDirectory) : base(name)
    {
        _executable = executable;
        DataDirectory = dataDirectory;
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        AddEndpoint("tcp", "tcp", port: null, http2Only: false);
        HealthProbe = new RedisHealthProbe(this);
    }

    public override string Kind => "Redis";

    public string DataDirectory { get; }

    public string Password { get; }

    public EndpointAnnotation PrimaryEndpoint => GetEndpoint("tcp");

    public string ConnectionString => $"127.0.0.1:{PrimaryEndpoint.Port},password={Password}";

    public override string Command => _executable;

    public override IReadOnlyList<string> Arguments =>
    [
        "--port", PrimaryEndpoint.Port.ToString(), "--bind", "127.0.0.1", "--dir", DataDirectory, "--appendonly", "yes", "--appendfsync", "always",
        "--requirepass", Password, "--daemonize", "no", "--save", "",
    ];

    public override string? WorkingDirectory => DataDirectory;

    public override string MissingExecutableMessage =>
        "redis-server was not found on PATH. Install it with 'sudo apt-get install -y redis-server' " +
        "(or run ./run.sh, which does), or point REDIS_SERVER at it.";

    public override void PrepareStart() => Directory.CreateDirectory(DataDirectory);

    public static string? FindExecutable()
    {
        if (System.Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return ExecutableLocator.Find("redis-server");
    }
}
