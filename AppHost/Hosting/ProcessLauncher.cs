using System.Collections.Concurrent;
using System.Diagnostics;

namespace Deployteq.AppHost.Hosting;

// Starts every child so that it cannot outlive the AppHost, not even a SIGKILL of it: each child
// runs under util-linux's `setpriv --pdeathsig KILL`, which asks the kernel (prctl
// PR_SET_PDEATHSIG) to kill it when its parent dies. The kernel ties that signal to the parent
// THREAD, not the process: a child forked from a thread-pool thread would be killed when that
// thread retires. So every child is forked from this one thread, which lives as long as the AppHost.
public sealed class ProcessLauncher : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> _requests = new();
    private readonly Thread _thread;

    public ProcessLauncher()
    {
        SetPriv = ExecutableLocator.Find("setpriv");
        _thread = new Thread(Run) { IsBackground = true, Name = "apphost-launcher" };
        _thread.Start();
    }

    // Null when util-linux's setpriv is missing: children then die with the AppHost only when it stops normally.
    public string? SetPriv { get; }

    public Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((Wrap(start), started));
        return started.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    private ProcessStartInfo Wrap(ProcessStartInfo start)
    {
        if (SetPriv is null)
        {
            return start;
        }

        var wrapped = new ProcessStartInfo(SetPriv)
        {
            WorkingDirectory = start.WorkingDirectory,
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            RedirectStandardInput = start.RedirectStandardInput,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--pdeathsig", "KILL", "--", start.FileName, .. start.ArgumentList])
        {
            wrapped.ArgumentList.Add(argument);
        }

        wrapped.Environment.Clear();
        foreach (var (key, value) in start.Environment)
        {
            wrapped.Environment[key] = value;
        }

        return wrapped;
    }

    private void Run()
    {
        foreach (var (start, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = start, EnableRaisingEvents = true };
                process.Start();
                started.SetResult(process);
            }
            catch (Exception exception)
            {
                started.SetException(exception);
            }
        }
    }
}
