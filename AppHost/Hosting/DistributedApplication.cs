using System.Runtime.InteropServices;
using Deployteq.AppHost.Dashboard;
using Deployteq.AppHost.Publishing;

namespace Deployteq.AppHost.Hosting;

// Runs the model: checks ports and executables, starts every resource in the order of the WaitFor
// graph (each only once what it waits for is healthy), serves the dashboard, supervises, and stops
// everything on Ctrl+C or SIGTERM, dependents first. `publish --output <dir>` writes Kubernetes
// manifests of the same model instead.
public sealed class DistributedApplication : IAsyncDisposable
{
    public const int ExitMissingExecutable = 2;
    public const int ExitPortInUse = 3;

    private readonly DistributedApplicationBuilder _builder;
    private readonly ProcessLauncher _launcher = new();
    private readonly Dictionary<string, ResourceSupervisor> _supervisors = new(StringComparer.Ordinal);
    private DashboardServer? _dashboard;
    private IReadOnlyList<Resource> _startOrder = [];

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        Logs = new ResourceLoggerService(builder.Output);
        if (builder.Options.DashboardEnabled)
        {
            Dashboard = new DashboardOptions(
                Environment.GetEnvironmentVariable("APPHOST_PORT_DASHBOARD") is { Length: > 0 } port && int.TryParse(port, out var fixedPort) ? fixedPort
                    : builder.DynamicPorts ? DistributedApplicationBuilder.FreePort() : DashboardOptions.DefaultPort,
                Environment.GetEnvironmentVariable("APPHOST_DASHBOARD_TOKEN") is { Length: > 0 } token ? token : DashboardOptions.NewToken());
        }
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args, DistributedApplicationOptions? options = null)
    {
        options ??= new DistributedApplicationOptions();
        var dataDirectory = options.DataDirectory
            ?? (Environment.GetEnvironmentVariable("APPHOST_DATA_DIR") is { Length: > 0 } configured
                ? Path.GetFullPath(configured)
                : Path.Combine(FindRepositoryRoot(), ".apphost"));
        return new DistributedApplicationBuilder(args, dataDirectory, options);
    }

    public ResourceNotificationService Notifications { get; } = new();

    public ResourceLoggerService Logs { get; }

    public DashboardOptions? Dashboard { get; }

    public IReadOnlyList<Resource> Resources => _builder.Resources;

    public DistributedApplicationBuilder Builder => _builder;

    public ResourceSupervisor GetSupervisor(string name) =>
        _supervisors.TryGetValue(name, out var supervisor) ? supervisor : throw new KeyNotFoundException($"No resource named {name}.");

    public bool TryGetSupervisor(string name, out ResourceSupervisor? supervisor) => _supervisors.TryGetValue(name, out supervisor);

    // The command line's entry: run until Ctrl+C / SIGTERM, or publish. Returns the exit code.
    public async Task<int> RunAsync(Func<Task>? onStarted = null)
    {
        if (_builder.Args is ["publish", ..])
        {
            return KubernetesPublisher.Run(_builder, _builder.Args[1..]);
        }

        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            await StartAsync();
        }
        catch (PortInUseException exception)
        {
            _builder.Output.Host(exception.Message);
            return ExitPortInUse;
        }
        catch (MissingExecutableException exception)
        {
            _builder.Output.Host(exception.Message);
            await DisposeAsync();
            return ExitMissingExecutable;
        }
        catch (InvalidOperationException exception)
        {
            _builder.Output.Host("start failed: " + exception.Message);
            await DisposeAsync();
            return 1;
        }

        try
        {
            await WaitForAllHealthyAsync(stopping.Token);
            PrintEndpoints();
            if (onStarted is not null)
            {
                await onStarted();
            }

            _builder.Output.Host("all resources are healthy; press Ctrl+C to stop");
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        _builder.Output.Host("stopping");
        await DisposeAsync();
        return 0;

        void Stop(PosixSignalContext context)
        {
            // Keep the process alive: the resources must be stopped first.
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    // Checks, then starts every resource without waiting for any to be healthy.
    public async Task StartAsync()
    {
        _startOrder = ResourceGraph.StartOrder(_builder.Resources);
        CheckPorts();
        foreach (var resource in _startOrder)
        {
            _supervisors[resource.Name] = new ResourceSupervisor(resource, Notifications, Logs, _launcher, _builder.Options.RestartPolicy);
        }

        var missing = _startOrder.FirstOrDefault(resource => ExecutableLocator.Find(resource.Command) is null);
        if (missing is not null)
        {
            throw new MissingExecutableException(missing.MissingExecutableMessage);
        }

        if (Dashboard is not null)
        {
            _dashboard = new DashboardServer(this, Dashboard);
            await _dashboard.StartAsync();
            _builder.Output.Host($"dashboard: {Dashboard.LoginUrl} (the token in this address is the login: keep it to yourself)");
        }

        foreach (var resource in _startOrder)
        {
            await _supervisors[resource.Name].StartAsync();
        }
    }

    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken)
    {
        var reported = DateTimeOffset.UtcNow;
        await foreach (var _ in Notifications.WatchAsync(cancellationToken))
        {
            var current = Notifications.Current;
            if (current.All(snapshot => snapshot.IsRunningAndHealthy))
            {
                return;
            }

            if (DateTimeOffset.UtcNow - reported > TimeSpan.FromMinutes(2))
            {
                reported = DateTimeOffset.UtcNow;
                var waiting = current.Where(snapshot => !snapshot.IsRunningAndHealthy).Select(snapshot => $"{snapshot.Name} ({snapshot.State}, {snapshot.Health})");
                _builder.Output.Host("still not healthy: " + string.Join(", ", waiting));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Dependents first, so nothing loses what it waits for while it still runs.
        foreach (var resource in _startOrder.Reverse())
        {
            if (_supervisors.TryGetValue(resource.Name, out var supervisor))
            {
                await supervisor.StopAsync();
            }
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
            _dashboard = null;
        }

        _launcher.Dispose();
    }

    private void CheckPorts()
    {
        if (Dashboard is not null)
        {
            PortCheck.EnsureFree(Dashboard.Port, "dashboard", "APPHOST_PORT_DASHBOARD");
        }

        foreach (var endpoint in _builder.Resources.SelectMany(resource => resource.Endpoints))
        {
            PortCheck.EnsureFree(endpoint.Port, $"{endpoint.Resource.Name} {endpoint.Name}", endpoint.OverrideVariable);
        }
    }

    private void PrintEndpoints()
    {
        foreach (var endpoint in _builder.Resources.SelectMany(resource => resource.Endpoints))
        {
            _builder.Output.Host($"endpoint {endpoint.Resource.Name} {endpoint.Name} {endpoint.Url}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Deployteq.Aspire.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
