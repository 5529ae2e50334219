using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Deployteq.TestSupport;
using Grpc.Net.Client;

namespace Deployteq.PegaConnector.Tests;

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

    public static string AssemblyPath =>
        Path.GetFullPath(typeof(ConnectorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "PegaConnectorAssembly").Value!);

    public string HttpUrl { get; }

    public string GrpcUrl { get; }

    public GrpcChannel Channel { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static async Task<ConnectorProcess> StartAsync(IDictionary<string, string?> settings)
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
        start.Environment["Logging__LogLevel__Default"] = "Warning";
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
    public long PeakMemoryBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            }
        }

        return 0;
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

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The connector exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var response = await Probe.GetAsync(HttpUrl + "/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The connector did not become healthy within 60 s: " + Output);
    }
}
