using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Deployteq.AppHost.Hosting;

// Runs one resource: waits for what it waits for, starts its process, probes its health, and
// restarts it with backoff when it dies on its own (on the same port, data and environment).
// Stop, start and restart can be asked any number of times; every change is published.
public sealed class ResourceSupervisor
{
    private const int SigTerm = 15;
    private const int ExecuteAccess = 1;

    private readonly Resource _resource;
    private readonly ResourceNotificationService _notifications;
    private readonly ResourceLoggerService _logs;
    private readonly ProcessLauncher _launcher;
    private readonly RestartPolicy _restartPolicy;
    private readonly SemaphoreSlim _commands = new(1, 1);
    private readonly Lock _gate = new();
    private ResourceSnapshot _snapshot;
    private CancellationTokenSource? _run;
    private Task _running = Task.CompletedTask;
    private Process? _process;
    private bool _startedOnce;

    public ResourceSupervisor(Resource resource, ResourceNotificationService notifications, ResourceLoggerService logs, ProcessLauncher launcher, RestartPolicy restartPolicy)
    {
        _resource = resource;
        _notifications = notifications;
        _logs = logs;
        _launcher = launcher;
        _restartPolicy = restartPolicy;
        _snapshot = new ResourceSnapshot(resource.Name, resource.Kind, ResourceState.NotStarted, HealthStatus.Unknown, null, null, null, null, 0,
            resource.Endpoints.Select(endpoint => new EndpointSnapshot(endpoint.Name, endpoint.Url)).ToList(), null);
        _notifications.Publish(_snapshot);
    }

    public Resource Resource => _resource;

    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(2);

    public async Task StartAsync()
    {
        await _commands.WaitAsync();
        try
        {
            if (!_running.IsCompleted)
            {
                return;
            }

            var run = new CancellationTokenSource();
            _run = run;
            _running = Task.Run(() => RunAsync(run.Token));
        }
        finally
        {
            _commands.Release();
        }
    }

    public async Task StopAsync()
    {
        await _commands.WaitAsync();
        try
        {
            await StopCoreAsync();
        }
        finally
        {
            _commands.Release();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private async Task StopCoreAsync()
    {
        if (_run is null || _running.IsCompleted)
        {
            return;
        }

        await _run.CancelAsync();
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is not null && !HasExited(process))
        {
            Update(s => s with { State = ResourceState.Stopping });
            _ = kill(process.Id, SigTerm);
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(StopGrace)) != exited)
            {
                _logs.Console.Host($"{_resource.Name} did not stop within {StopGrace.TotalSeconds:0} s; killing it");
                process.Kill(entireProcessTree: true);
            }
        }

        await _running;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var consecutiveFailures = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await WaitForDependenciesAsync(stopping);
                if (!_resource.HasProcess)
                {
                    await RunWithoutProcessAsync(stopping);
                    return;
                }

                var (process, startedAt) = await LaunchAsync(stopping);
                if (process is null)
                {
                    return;
                }

                using var probing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var health = ProbeAsync(probing.Token);
                await process.WaitForExitAsync(CancellationToken.None);
                await probing.CancelAsync();
                await health;
                var exitCode = process.ExitCode;
                lock (_gate)
                {
                    _process = null;
                }

                if (stopping.IsCancellationRequested)
                {
                    _logs.Console.Host($"stopped {_resource.Name} (exit code {exitCode})");
                    Update(s => s with { State = ResourceState.Exited, Health = HealthStatus.Unknown, ExitCode = exitCode, ProcessId = null, StoppedAt = DateTimeOffset.UtcNow });
                    return;
                }

                consecutiveFailures = DateTimeOffset.UtcNow - startedAt >= _restartPolicy.StableAfter ? 1 : consecutiveFailures + 1;
                var delay = _restartPolicy.DelayFor(consecutiveFailures);
                var message = $"{_resource.Name} exited unexpectedly (exit code {exitCode}); restarting in {delay.TotalSeconds:0.#} s";
                _logs.Console.Host(message);
                Update(s => s with { State = ResourceState.Exited, Health = HealthStatus.Unknown, ExitCode = exitCode, ProcessId = null, StoppedAt = DateTimeOffset.UtcNow, Message = message });
                await Task.Delay(delay, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while waiting or backing off: nothing runs.
            if (_snapshot.State is ResourceState.Waiting or ResourceState.Exited or ResourceState.Starting)
            {
                Update(s => s with { State = ResourceState.Exited, Message = "stopped" });
            }
        }
    }

    // Running until stopped; its health probe alone says whether what it stands for works.
    private async Task RunWithoutProcessAsync(CancellationToken stopping)
    {
        var restart = _startedOnce;
        _startedOnce = true;
        _logs.Console.Host($"started {_resource.Name}");
        Update(s => s with
        {
            State = ResourceState.Running,
            Health = _resource.HealthProbe is null ? HealthStatus.Healthy : HealthStatus.Unknown,
            ProcessId = null,
            ExitCode = null,
            StartedAt = DateTimeOffset.UtcNow,
            StoppedAt = null,
            Message = null,
            Restarts = restart ? s.Restarts + 1 : s.Restarts,
        });
        await ProbeAsync(stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        _logs.Console.Host($"stopped {_resource.Name}");
        Update(s => s with { State = ResourceState.Exited, Health = HealthStatus.Unknown, StoppedAt = DateTimeOffset.UtcNow });
    }

    private async Task WaitForDependenciesAsync(CancellationToken stopping)
    {
        foreach (var dependency in _resource.WaitsFor)
        {
            if (!_notifications.Get(dependency.Name).IsRunningAndHealthy)
            {
                Update(s => s with { State = ResourceState.Waiting, Message = $"waiting for {dependency.Name}" });
                await _notifications.WaitForAsync(dependency.Name, snapshot => snapshot.IsRunningAndHealthy, stopping);
            }
        }
    }

    private async Task<(Process? Process, DateTimeOffset StartedAt)> LaunchAsync(CancellationToken stopping)
    {
        Update(s => s with { State = ResourceState.Starting, Message = null });
        var executable = ExecutableLocator.Find(_resource.Command);
        if (executable is null)
        {
            Fail(ResourceState.RuntimeUnhealthy, _resource.MissingExecutableMessage);
            return (null, default);
        }

        if (access(executable, ExecuteAccess) != 0)
        {
            Fail(ResourceState.FailedToStart, $"{executable} is not executable.");
            return (null, default);
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_resource.WorkingDirectory is { } workingDirectory)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in _resource.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _resource.Environment)
        {
            start.Environment[name] = value.Resolve();
        }

        Process process;
        try
        {
            _resource.PrepareStart();
            process = await _launcher.StartAsync(start);
        }
        catch (Exception exception) when (exception is Win32Exception or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Fail(ResourceState.FailedToStart, exception.Message);
            return (null, default);
        }

        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { _logs.Write(_resource.Name, line.Data, isError: false); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { _logs.Write(_resource.Name, line.Data, isError: true); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
        }

        var restart = _startedOnce;
        _startedOnce = true;
        var startedAt = DateTimeOffset.UtcNow;
        _logs.Console.Host($"started {_resource.Name} (pid {process.Id})");
        Update(s => s with
        {
            State = ResourceState.Running,
            Health = _resource.HealthProbe is null ? HealthStatus.Healthy : HealthStatus.Unknown,
            ProcessId = process.Id,
            ExitCode = null,
            StartedAt = startedAt,
            StoppedAt = null,
            Restarts = restart ? s.Restarts + 1 : s.Restarts,
        });
        return (process, startedAt);

        void Fail(ResourceState state, string message)
        {
            _logs.Console.Host($"{_resource.Name}: {message}");
            Update(s => s with { State = state, Health = HealthStatus.Unknown, ProcessId = null, Message = message });
        }
    }

    // Often until the first pass, then every HealthInterval; publishes only changes.
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (_resource.HealthProbe is not { } probe)
        {
            return;
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                bool healthy;
                try
                {
                    healthy = await probe.IsHealthyAsync(cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    healthy = false;
                }

                var status = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy;
                if (_snapshot.Health != status && !cancellationToken.IsCancellationRequested)
                {
                    if (_snapshot.Health == HealthStatus.Unknown && !healthy)
                    {
                        // Still starting: not unhealthy yet.
                    }
                    else
                    {
                        Update(s => s.State == ResourceState.Running ? s with { Health = status } : s);
                    }
                }

                await Task.Delay(_snapshot.Health == HealthStatus.Healthy ? HealthInterval : TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Update(Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        lock (_gate)
        {
            _snapshot = change(_snapshot);
            _notifications.Publish(_snapshot);
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
