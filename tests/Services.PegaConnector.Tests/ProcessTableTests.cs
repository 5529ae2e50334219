using System.Diagnostics;
using Deployteq.TestSupport;

namespace Deployteq.PegaConnector.Tests;

// TestSupport's ProcessTable, which these suites use to watch and kill processes: a process may
// end between any two looks, and no query may throw for it.
public sealed class ProcessTableTests
{
    [Fact]
    public async Task A_process_that_exits_is_reported_gone()
    {
        using var process = Start("sh", "-c", "exit 0");
        await process.WaitForExitAsync();

        Assert.False(ProcessTable.IsRunning(process.Id));
        Assert.Empty(ProcessTable.CommandLine(process.Id));
        Assert.False(ProcessTable.KillHard(process.Id));
    }

    [Fact]
    public async Task A_live_child_is_found_with_its_parent_and_command_line()
    {
        using var process = Start("sleep", "30");
        try
        {
            var found = ProcessTable.Find(process.Id);

            Assert.Equal(Environment.ProcessId, found?.ParentId);
            Assert.Contains(process.Id, ProcessTable.ChildrenOf(Environment.ProcessId));
            var commandLine = ProcessTable.CommandLine(process.Id);
            Assert.EndsWith("sleep", commandLine[0]);
            Assert.Equal("30", commandLine[^1]);
            Assert.True(ProcessTable.PeakMemoryBytes(process.Id) > 0);
        }
        finally
        {
            Assert.True(ProcessTable.KillHard(process.Id));
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_signal_a_process_was_started_ignoring_is_reported_ignored_and_others_not()
    {
        const int SigUsr1 = 10;
        // The shell ignores SIGUSR1 and hands that on to what it execs; nothing else is changed.
        using var ignoring = Start("sh", "-c", "trap '' USR1; exec sleep 30");
        using var plain = Start("sleep", "30");
        try
        {
            await Poll.UntilAsync(() => ProcessTable.CommandLine(ignoring.Id) is [.., "30"], "the shell has exec'd sleep");

            Assert.True(ProcessTable.Ignores(ignoring.Id, SigUsr1));
            Assert.False(ProcessTable.Ignores(plain.Id, SigUsr1));
            Assert.False(ProcessTable.Ignores(ignoring.Id, ProcessTable.SigTerm));
        }
        finally
        {
            ProcessTable.KillHard(ignoring.Id);
            ProcessTable.KillHard(plain.Id);
            await Task.WhenAll(ignoring.WaitForExitAsync(), plain.WaitForExitAsync());
        }
    }

    [Fact]
    public async Task A_zombie_counts_as_gone()
    {
        // The shell starts a child that outlives it, then becomes `sleep 30`: the child's parent
        // now never reaps it, so once it ends it stays a zombie until the sleep is killed.
        using var parent = Start("sh", "-c", "sleep 1 & echo $!; exec sleep 30");
        try
        {
            var zombie = int.Parse((await parent.StandardOutput.ReadLineAsync())!);
            await Poll.UntilAsync(() => StateOf(zombie), state => state == "Z", $"process {zombie} became a zombie", TimeSpan.FromSeconds(10));

            Assert.False(ProcessTable.IsRunning(zombie));
            Assert.Null(ProcessTable.Find(zombie));
            Assert.DoesNotContain(zombie, ProcessTable.ChildrenOf(parent.Id));
            Assert.DoesNotContain(ProcessTable.All(), process => process.Id == zombie);
        }
        finally
        {
            ProcessTable.KillHard(parent.Id);
            await parent.WaitForExitAsync();
        }
    }

    [Fact]
    public void A_process_id_that_does_not_exist_is_gone_without_throwing()
    {
        // Above any pid_max Linux allows (4194304).
        const int nobody = int.MaxValue;

        Assert.False(ProcessTable.IsRunning(nobody));
        Assert.Null(ProcessTable.Find(nobody));
        Assert.Empty(ProcessTable.CommandLine(nobody));
        Assert.Empty(ProcessTable.EnvironmentOf(nobody));
        Assert.Empty(ProcessTable.ChildrenOf(nobody));
        Assert.Null(ProcessTable.PeakMemoryBytes(nobody));
        Assert.False(ProcessTable.Terminate(nobody));
    }

    private static Process Start(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
    }

    // The state letter from /proc/<pid>/stat, read here directly: what ProcessTable must not report.
    private static string StateOf(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        }
        catch (IOException)
        {
            return "gone";
        }
    }
}
