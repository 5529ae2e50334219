using System.Diagnostics;
using StackExchange.Redis;

namespace Deployteq.TestSupport;

// A real redis-server process on a free loopback port, with its own data folder and password,
// append-only file on as in production. Disposing stops it and removes the folder.
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port, string password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string Password { get; }

    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public static string Executable =>
        Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } path ? path : "redis-server";

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("deployteq-redis-").FullName;
        var port = FreePort.Next();
        var password = Guid.NewGuid().ToString("N");
        var server = new RedisServer(StartProcess(directory, port, password), directory, port, password);
        await server.WaitUntilReadyAsync();
        return server;
    }

    // SIGKILL: no shutdown, no final flush; what the append-only file holds is what survives.
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    // Starts redis-server again on the same port, password and data (its append-only file).
    public async Task RestartAsync()
    {
        await KillAsync();
        _process.Dispose();
        _process = StartProcess(_directory, Port, Password);
        await WaitUntilReadyAsync();
    }

    private static Process StartProcess(string directory, int port, string password)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory,
                     "--appendonly", "yes", "--save", "", "--requirepass", password, "--daemonize", "no",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                "redis-server was not found. Install it (apt-get install redis-server) or set REDIS_SERVER.", exception);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}.");
            }

            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=500");
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("redis-server did not answer within 20 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open must not fail the run; the OS cleans the temp folder.
        }
    }
}
