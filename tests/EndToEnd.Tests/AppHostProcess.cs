using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Deployteq.TestSupport;

namespace Deployteq.EndToEnd.Tests;

// The AppHost as a developer runs it: a process whose console we read and which we stop with
// SIGINT, as Ctrl+C does.
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly string _dataDirectory;

    private AppHostProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    public string Output => string.Join('\n', _lines);

    public Task Exited => _process.WaitForExitAsync();

    public int ExitCode => _process.ExitCode;

    public const string DashboardToken = "end-to-end-dashboard-token";

    public static readonly string[] ResourceNames = ["redis", "customers", "datamodel", "events", "pegaconnector", "pega"];

    // Every endpoint on a free port (Aspire's own randomised ports, the dashboard on free ones)
    // unless the test asks for the documented defaults; always a data folder of its own.
    public static AppHostProcess Start(IDictionary<string, string?>? environment = null, bool defaultPorts = false, params string[] arguments)
    {
        var assembly = typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppHostAssembly").Value!;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet");
        start.ArgumentList.Add(Path.GetFullPath(assembly));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Launch(start, environment, defaultPorts);
    }

    // As a newcomer starts it: the README's ./run.sh (which builds, then execs the AppHost).
    public static AppHostProcess StartWithRunSh()
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(Path.Combine(Repository.Root, "run.sh"));
        return Launch(start, environment: null, defaultPorts: false);
    }

    private static AppHostProcess Launch(ProcessStartInfo start, IDictionary<string, string?>? environment, bool defaultPorts)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("deployteq-apphost-").FullName;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (key, value) in LocalRunEnvironment(dataDirectory, defaultPorts))
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var host = new AppHostProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { host._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host._lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    // What run.sh sets (the AppHost's http launch profile), on free ports unless defaults are asked for.
    public static Dictionary<string, string?> LocalRunEnvironment(string dataDirectory, bool defaultPorts) => new()
    {
        ["AppHost__DataDirectory"] = dataDirectory,
        ["APPHOST_DASHBOARD_TOKEN"] = DashboardToken,
        ["NO_COLOR"] = "1",
        ["ASPNETCORE_URLS"] = $"http://localhost:{(defaultPorts ? 18888 : FreePort.Next())}",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{(defaultPorts ? 18889 : FreePort.Next())}",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{(defaultPorts ? 18890 : FreePort.Next())}",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["DOTNET_ENVIRONMENT"] = "Development",
        // What Aspire.Hosting.Testing does: every proxied endpoint on a port of its own.
        ["DcpPublisher__RandomizePorts"] = defaultPorts ? "false" : "true",
    };

    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        try
        {
            await Poll.UntilAsync(() => HasLine(text), $"the line '{text}'", timeout, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{Output}", exception);
        }
    }

    private bool HasLine(string text)
    {
        if (_lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            return true;
        }

        return _process.HasExited
            ? throw new InvalidOperationException($"The AppHost exited ({_process.ExitCode}) before '{text}':\n{Output}")
            : false;
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

    // A resource's own process: redis-server by its port, a service by its program's name and
    // the Redis it was given (so never another run's).
    public int ProcessIdOf(string resource)
    {
        var redisPort = new Uri(Endpoint("redis", "tcp")).Port;
        var program = resource switch
        {
            "redis" => $"redis-server 127.0.0.1:{redisPort}",
            "pega" => "PegaStandIn",
            _ => "Services." + ServiceProgramNames[resource],
        };
        foreach (var process in ProcessTable.All())
        {
            var commandLine = ProcessTable.CommandLine(process.Id);
            var matches = commandLine.Count > 0 && (resource == "redis"
                ? commandLine[0] == program
                : commandLine[0].EndsWith("/" + program, StringComparison.Ordinal)
                    && (resource == "pega" || ProcessTable.EnvironmentOf(process.Id).Values.Any(value => value.Contains($"127.0.0.1:{redisPort},", StringComparison.Ordinal))));
            if (matches)
            {
                return process.Id;
            }
        }

        throw new InvalidOperationException($"No process of {resource} found.");
    }

    // Every process of a run: DCP (detached from the AppHost, it watches it with --monitor) and
    // every process below it: redis-server, each project and its `dotnet run` wrapper.
    public static IReadOnlyList<int> ProcessesOfRun(int appHostPid)
    {
        var parents = new Dictionary<int, int>();
        var found = new HashSet<int>();
        foreach (var process in ProcessTable.All().Where(process => process.Id != appHostPid))
        {
            parents[process.Id] = process.ParentId;
            if ((string.Join(' ', ProcessTable.CommandLine(process.Id)) + " ").Contains($"--monitor {appHostPid} ", StringComparison.Ordinal))
            {
                found.Add(process.Id);
            }
        }

        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                grew |= found.Contains(parent) && found.Add(pid);
            }
        }

        return [.. found];
    }

    private static readonly Dictionary<string, string> ServiceProgramNames = new()
    {
        ["customers"] = "Customers", ["datamodel"] = "DataModel", ["events"] = "Events", ["pegaconnector"] = "PegaConnector",
    };

    public void Interrupt() => ProcessTable.Interrupt(_process.Id);

    // kill -9 of the process this started, and of nothing else.
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Interrupt();
            // Exited is a new task on every read: compare with the one awaited.
            var exited = Exited;
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(30))) != exited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"endpoint (\S+) (\S+) (\S+)$")]
    private static partial Regex EndpointLine();

    // Aspire's own line: with randomised ports its dashboard is not where ASPNETCORE_URLS said.
    [GeneratedRegex(@"Login to the dashboard at (http://[^/\s]+)/login\?t=")]
    private static partial Regex DashboardLine();

    [GeneratedRegex(@"customer (\d+), API token: (\S+)")]
    private static partial Regex DemoLine();
}
