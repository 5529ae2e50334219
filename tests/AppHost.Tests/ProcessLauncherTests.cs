using System.Diagnostics;
using Deployteq.AppHost.Hosting;

namespace Deployteq.AppHost.Tests;

public sealed class ProcessLauncherTests
{
    // PR_SET_PDEATHSIG fires when the parent THREAD exits. A child asked for from a short-lived
    // thread must still live after that thread is gone: the launcher forks from its own thread.
    [Fact]
    public async Task A_child_asked_for_from_a_short_lived_thread_outlives_that_thread()
    {
        using var launcher = new ProcessLauncher();
        Assert.NotNull(launcher.SetPriv);
        Process? launched = null;
        Process? control = null;

        var thread = new Thread(() =>
        {
            launched = launcher.StartAsync(new ProcessStartInfo("/bin/sleep") { ArgumentList = { "300" } }).GetAwaiter().GetResult();
            // The control: the same parent-death signal, forked from this very thread.
            control = Process.Start(new ProcessStartInfo(launcher.SetPriv!) { ArgumentList = { "--pdeathsig", "KILL", "--", "/bin/sleep", "300" } });
            // setpriv asks for the signal before it execs sleep; leaving earlier would race it.
            WaitUntilAsync(() => HasExecuted(control!.Id, "sleep") && HasExecuted(launched.Id, "sleep"), TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        });
        thread.Start();
        thread.Join();

        try
        {
            // Once the control is dead, the thread's exit has been signalled to its children.
            await WaitUntilAsync(() => !IsRunning(control!.Id), TimeSpan.FromSeconds(30));
            Assert.True(IsRunning(launched!.Id), "the child died with the thread that asked for it");
        }
        finally
        {
            launched?.Kill();
            control?.Kill();
        }
    }

    private static bool HasExecuted(int processId, string command) =>
        File.Exists($"/proc/{processId}/comm") && File.ReadAllText($"/proc/{processId}/comm").Trim() == command;

    private static bool IsRunning(int processId) =>
        File.Exists($"/proc/{processId}/stat") && !File.ReadAllText($"/proc/{processId}/stat").Contains(") Z ");

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }

            await Task.Delay(50);
        }
    }
}
