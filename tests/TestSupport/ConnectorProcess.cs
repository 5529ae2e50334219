using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Grpc.Net.Client;

namespace Deployteq.TestSupport;

// Services.PegaConnector as a process of its own (`dotnet Services.PegaConnector.dll` from its
// build output), configured through environment variables as the AppHost does; killable with
// SIGKILL.
public sealed class ConnectorProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ConnectorProcess(Process process, string httpUrl, string grpcUrl)
    {
        _process = process;
        HttpUrl = httpUrl;
        GrpcUrl = grpcUrl;
        Channel = GrpcChannel.ForAddress(grpcUrl);
    }

    // Where the caller's build put Services.PegaConnector.dll: its project file names it in an
    // AssemblyMetadata("PegaConnectorAssembly", ...) attribute.
    public static string AssemblyPath =>
        Path.GetFullPath((Assembly.GetEntryAssembly() is { } entry && Find(entry) is { } fromEntry ? fromEntry : null)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(Find).FirstOrDefault(path => path is not null)
            ?? throw new InvalidOperationException("No assembly names PegaConnectorAssembly in its metadata."));

    public string HttpUrl { get; }

    public string GrpcUrl { get; }

    public GrpcChannel Channel { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static async Task<ConnectorProcess> StartAsync(IDictionary<string, string?> settings, string logLevel = "Warning")
    {
        var httpUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var grpcUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(AssemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = httpUrl;
        start.Environment["Kestrel__Endpoints__grpc__Url"] = grpcUrl;
        start.Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = logLevel;
        var process = Process.Start(start) ?? throw new InvalidOperationException("The connector did not start.");
        var connector = new ConnectorProcess(process, httpUrl, grpcUrl);
        process.OutputDataReceived += (_, line) => connector.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => connector.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await connector.WaitHealthyAsync();
        return connector;
    }

    // Peak resident memory (VmHWM), in bytes.
    public long PeakMemoryBytes() => ProcessTable.PeakMemoryBytes(_process.Id) ?? 0;

    // CPU time used so far (user + system).
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    // SIGTERM: the polite stop (calls in flight finish, leases are released).
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            ProcessTable.Terminate(_process.Id);
            await _process.WaitForExitAsync();
        }
    }

    // SIGKILL: no shutdown, nothing flushed.
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private static string? Find(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(attribute => attribute.Key == "PegaConnectorAssembly")?.Value;

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            while (_output.Count > 200 && _output.TryDequeue(out _))
            {
            }
        }
    }

    private Task WaitHealthyAsync() =>
        Poll.UntilAsync(HealthAsync, health => health == "healthy", "the connector became healthy", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));

    // What /health answers ("healthy" once it is), or why it did not.
    private async Task<string> HealthAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The connector exited with {_process.ExitCode}: {Output}");
        }

        try
        {
            using var response = await Probe.GetAsync(HttpUrl + "/health");
            return response.IsSuccessStatusCode ? "healthy" : $"{(int)response.StatusCode}; output: {Output}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return $"{exception.Message}; output: {Output}";
        }
    }
}
