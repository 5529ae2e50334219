using System.Diagnostics;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Deployteq.AppHost.Hosting;

// redis-server as a process: a free loopback port, a data folder of its own, the append-only file
// on and a fresh password each run. A node of a cluster (RedisClusterResource) is one too, with
// the cluster's password and options.
public sealed class RedisResource : Resource, IRedisConnection
{
    private readonly string _executable;
    private readonly string _dataDirectory;
    private readonly int _port;
    private readonly string _password;
    private readonly IReadOnlyList<string> _moreArguments;

    public RedisResource(
        string name, string executable, string dataDirectory, int port, ConsoleOutput output,
        string? password = null, IReadOnlyList<string>? moreArguments = null) : base(name, output)
    {
        _executable = executable;
        _dataDirectory = dataDirectory;
        _port = port;
        _password = password ?? NewPassword();
        _moreArguments = moreArguments ?? [];
    }

    public int Port => _port;

    // Holds the password: it goes into child environments only, never to the console.
    public string ConnectionString => $"127.0.0.1:{_port},password={_password}";

    public static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public override IReadOnlyDictionary<string, string> Endpoints => new Dictionary<string, string> { ["tcp"] = $"tcp://127.0.0.1:{_port}" };

    protected override void StartProcess()
    {
        Directory.CreateDirectory(_dataDirectory);
        var start = new ProcessStartInfo(_executable) { WorkingDirectory = _dataDirectory };
        foreach (var argument in new[]
                 {
                     "--port", _port.ToString(), "--bind", "127.0.0.1", "--dir", _dataDirectory, "--appendonly", "yes",
                     "--requirepass", _password, "--daemonize", "no", "--save", "",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in _moreArguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process.Start(start);
    }

    protected override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=1000,abortConnect=true");
        await connection.GetDatabase().PingAsync();
        return true;
    }

    public static string? FindExecutable() => Find("REDIS_SERVER", "redis-server");

    // An executable named by an environment variable, or found on PATH.
    public static string? Find(string variable, string name)
    {
        if (System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
