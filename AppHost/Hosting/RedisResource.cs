using System.Diagnostics;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Deployteq.AppHost.Hosting;

// redis-server as a process: a free loopback port, a data folder of its own, the append-only file
// on and a fresh password each run.
public sealed class RedisResource : Resource
{
    private readonly string _executable;
    private readonly string _dataDirectory;
    private readonly int _port;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    public RedisResource(string name, string executable, string dataDirectory, int port, ConsoleOutput output) : base(name, output)
    {
        _executable = executable;
        _dataDirectory = dataDirectory;
        _port = port;
    }

    // Holds the password: it goes into child environments only, never to the console.
    public string ConnectionString => $"127.0.0.1:{_port},password={_password}";

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

        Process.Start(start);
    }

    protected override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=1000,abortConnect=true");
        await connection.GetDatabase().PingAsync();
        return true;
    }

    public static string? FindExecutable()
    {
        if (System.Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        return (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
    }
}
