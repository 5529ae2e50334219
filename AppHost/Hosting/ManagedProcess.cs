using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Deployteq.AppHost.Hosting;

// One child process: its output goes to the console with the resource's name in front, and it is
// stopped the polite way first (SIGTERM lets services drain and Redis flush its append-only file).
public sealed partial class ManagedProcess(string resource, ConsoleOutput output)
{
    private const int SigTerm = 15;
    private Process? _process;
    private bool _stopped;

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public Task Exited { get; private set; } = Task.CompletedTask;

    public void Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { output.Line(resource, line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { output.Line(resource, line.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Exited = process.WaitForExitAsync();
        output.Host($"started {resource} (pid {process.Id})");
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is null || _stopped)
        {
            return;
        }

        _stopped = true;
        if (_process.HasExited)
        {
            // A terminal's Ctrl+C reaches every process of the group, so children often stop first.
            await Exited;
            output.Host($"{resource} had exited by itself (exit code {_process.ExitCode})");
            return;
        }

        _ = kill(_process.Id, SigTerm);
        var exited = await Task.WhenAny(Exited, Task.Delay(grace)) == Exited;
        if (!exited)
        {
            output.Host($"{resource} did not stop within {grace.TotalSeconds:0} s; killing it");
            _process.Kill(entireProcessTree: true);
            await Exited;
        }

        output.Host($"stopped {resource} (exit code {_process.ExitCode})");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
