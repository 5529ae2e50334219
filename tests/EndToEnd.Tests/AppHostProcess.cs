using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Deployteq.EndToEnd.Tests;

// The AppHost as a developer runs it: a process whose console we read and which we stop with
// SIGINT, as Ctrl+C does.
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string? _dataDirectory;

    private AppHostProcess(Process process, string? dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    public string Output => string.Join('\n', _lines);

    public Task Exited => _process.WaitForExitAsync();

    public int ExitCode => _process.ExitCode;

    public const string DashboardToken = "end-to-end-dashboard-token";

    public static readonly string[] ResourceNames = ["redis", "customers", "datamodel", "events", "pegaconnector", "pega"];

    // Every endpoint on a free port unless the test asks for the documented defaults.
    public static AppHostProcess Start(IDictionary<string, string?>? environment = null, bool defaultPorts = false, params string[] arguments)
    {
        var assembly = typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppHostAssembly").Value!;
        var ownData = environment?.ContainsKey("APPHOST_DATA_DIR") != true;
        var dataDirectory = ownData ? Directory.CreateTempSubdirectory("deployteq-apphost-").FullName : environment!["APPHOST_DATA_DIR"]!;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["APPHOST_DATA_DIR"] = dataDirectory;
        start.Environment["NO_COLOR"] = "1";
        start.Environment["APPHOST_DASHBOARD_TOKEN"] = DashboardToken;
        start.Environment["APPHOST_DYNAMIC_PORTS"] = defaultPorts ? null : "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var host = new AppHostProcess(process, ownData ? dataDirectory : null);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { host._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host._lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited ({_process.ExitCode}) before '{text}':\n{Output}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No '{text}' within {timeout}:\n{Output}");
    }

    public string Endpoint(string resource, string name) =>
        _lines.Select(line => EndpointLine().Match(line))
            .First(m => m.Success && m.Groups[1].Value == resource && m.Groups[2].Value == name).Groups[3].Value;

    public int ProcessId => _process.Id;


    // http://localhost:<port>, from the "dashboard: <url>/login?t=<token>" line.
    public Uri DashboardUrl => new(_lines.Select(line => DashboardLine().Match(line)).First(m => m.Success).Groups[1].Value);

    // From "demo brand 1, customer 1, API token: dtq_…".
    public (long CustomerId, string Token) Demo
    {
        get
        {
            var match = _lines.Select(line => DemoLine().Match(line)).Last(m => m.Success);
            return (long.Parse(match.Groups[1].Value), match.Groups[2].Value);
        }
    }

    public int ProcessIdOf(string resource) =>
        _lines.Select(line => StartedLine().Match(line))
            .Where(m => m.Success && m.Groups[1].Value == resource)
            .Select(m => int.Parse(m.Groups[2].Value))
            .Last();

    public void Interrupt() => _ = kill(_process.Id, SigInt);

    public void KillHard() => _ = kill(_process.Id, SigKill);

    public void Terminate() => _ = kill(_process.Id, SigTerm);

    public static void KillHard(int processId) => _ = kill(processId, SigKill);

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout}: {what}");
            }

            await Task.Delay(100);
        }
    }

    // The variables a process was started with, as the kernel keeps them.
    public static IReadOnlyDictionary<string, string> EnvironmentOf(int processId) =>
        File.ReadAllText($"/proc/{processId}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .GroupBy(parts => parts[0])
            .ToDictionary(group => group.Key, group => group.Last().ElementAtOrDefault(1) ?? "");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Interrupt();
            if (await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(30))) != Exited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            if (_dataDirectory is not null)
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    public static bool IsRunning(int processId) => File.Exists($"/proc/{processId}/stat") && !File.ReadAllText($"/proc/{processId}/stat").Contains(") Z ");

    [GeneratedRegex(@"endpoint (\S+) (\S+) (\S+)$")]
    private static partial Regex EndpointLine();

    [GeneratedRegex(@"dashboard: (http://[^/\s]+)/login\?t=")]
    private static partial Regex DashboardLine();

    [GeneratedRegex(@"customer (\d+), API token: (\S+)")]
    private static partial Regex DemoLine();

    [GeneratedRegex(@"started (\S+) \(pid (\d+)\)")]
    private static partial Regex StartedLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
