using System.Diagnostics;
using StackExchange.Redis;

namespace Deployteq.TestSupport;

// A real redis-server process on a free loopback port, with its own data folder and password,
// append-only file on as in production. Disposing stops it and removes the folder.
public sealed class RedisServer : IAsyncDisposable
{
    private Process _process;
    private readonly string _directory;
    private readonly RecentOutput _output;

    private readonly string[] _extraArguments;

    private RedisServer(Process process, string directory, int port, string password, string[] extraArguments, RecentOutput output)
    {
        _output = output;
        _extraArguments = extraArguments;
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

    // extraArguments: more redis-server options, e.g. "--appendfsync", "always".
    public static Task<RedisServer> StartAsync(params string[] extraArguments) =>
        StartAsync(Guid.NewGuid().ToString("N"), extraArguments);

    // A server with more options (a cluster node's), reachable with the given password.
    public static Task<RedisServer> StartAsync(string password, IEnumerable<string> moreArguments)
    {
        var arguments = moreArguments.ToArray();
        return StartAsync(password, () => arguments);
    }

    // moreArguments is asked again for each attempt, so ports it names (a cluster bus port) are new too.
    public static async Task<RedisServer> StartAsync(string password, Func<string[]> moreArguments)
    {
        // Another process may take the free port before redis-server binds it: then start again on a new one.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("deployteq-redis-").FullName;
            var extraArguments = moreArguments();
            var output = new RecentOutput();
            var port = FreePort.Next();
            var server = new RedisServer(StartProcess(directory, port, password, extraArguments, output), directory, port, password, extraArguments, output);
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && output.Contains("Address already in use"))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
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
        _process = StartProcess(_directory, Port, Password, _extraArguments, _output);
        await WaitUntilReadyAsync();
    }

    private static Process StartProcess(string directory, int port, string password, string[] extraArguments, RecentOutput output)
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
                 }.Concat(extraArguments))
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

        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task WaitUntilReadyAsync() =>
        Poll.UntilAsync(PingAsync, answer => answer == "PONG", "redis-server answered", TimeSpan.FromSeconds(20));

    // "PONG", or why not yet.
    private async Task<string> PingAsync()
    {
        if (_process.HasExited)
        {
            // Output lines may still be arriving after the exit.
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode}: {_output}");
        }

        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",connectTimeout=500");
            await connection.GetDatabase().PingAsync();
            return "PONG";
        }
        catch (Exception exception) when (exception is RedisConnectionException
                                              || exception is RedisServerException { Message: var message } && message.StartsWith("LOADING", StringComparison.Ordinal))
        {
            // Not listening yet, or still reading its append-only file after a restart.
            return exception.Message;
        }
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
