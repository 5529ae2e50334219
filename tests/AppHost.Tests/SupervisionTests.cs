using System.Diagnostics;
using Deployteq.AppHost.Hosting;

namespace Deployteq.AppHost.Tests;

public sealed class SupervisionTests
{
    [Fact]
    public async Task A_process_killed_with_sigkill_is_restarted_with_the_same_environment_and_counted()
    {
        await using var test = new TestApplication();
        test.AddShell("worker", "echo \"run with $MARKER\"; exec sleep 300").WithEnvironment("MARKER", "kept-across-restarts");
        var app = test.Build();
        await app.StartAsync();
        var first = await test.WaitForAsync("worker", s => s is { State: ResourceState.Running, ProcessId: not null });
        // Killed only once it has spoken: on a loaded machine a kill can come before the echo.
        await test.WaitForLogAsync("worker", l => l.Any(line => line.Text == "run with kept-across-restarts"));

        Process.GetProcessById(first.ProcessId!.Value).Kill();

        var exited = await test.WaitForAsync("worker", s => s.State == ResourceState.Exited);
        Assert.Equal(137, exited.ExitCode);
        var second = await test.WaitForAsync("worker", s => s is { State: ResourceState.Running, Restarts: 1 });
        Assert.NotEqual(first.ProcessId, second.ProcessId);
        Assert.True(TestApplication.IsRunning(second.ProcessId!.Value));
        var lines = await test.WaitForLogAsync("worker", l => l.Count(line => line.Text == "run with kept-across-restarts") == 2);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task A_process_that_keeps_dying_is_restarted_with_growing_backoff_and_its_exit_codes_published()
    {
        var policy = new RestartPolicy { FirstDelay = TimeSpan.FromMilliseconds(300), MaxDelay = TimeSpan.FromSeconds(5) };
        await using var test = new TestApplication(policy);
        test.AddShell("crasher", "exit 3");
        var app = test.Build();
        await app.StartAsync();

        await test.WaitForAsync("crasher", s => s.Restarts >= 3);

        var events = test.Events.Where(s => s.Name == "crasher").ToList();
        Assert.Contains(events, s => s.State == ResourceState.Exited && s.ExitCode == 3);
        // Each restart waits at least its backoff: 300 ms, 600 ms, 1200 ms after the exit before it.
        var timeline = TimelineOf(test, "crasher");
        var backoff = new[] { 300, 600, 1200 };
        for (var failure = 1; failure <= 3; failure++)
        {
            var gap = timeline.Starts[failure] - timeline.Exits[failure - 1];
            Assert.True(gap.TotalMilliseconds >= backoff[failure - 1] - 20, $"restart {failure} came after {gap.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task A_resource_can_be_stopped_started_and_restarted_any_number_of_times()
    {
        await using var test = new TestApplication();
        test.AddShell("worker", "exec sleep 300");
        var app = test.Build();
        await app.StartAsync();
        var supervisor = app.GetSupervisor("worker");
        var pids = new HashSet<int>();

        for (var round = 1; round <= 3; round++)
        {
            var running = await test.WaitForAsync("worker", s => s is { State: ResourceState.Running, ProcessId: not null });
            pids.Add(running.ProcessId!.Value);

            await supervisor.StopAsync();
            var stopped = app.Notifications.Get("worker");
            Assert.Equal(ResourceState.Exited, stopped.State);
            Assert.Equal(143, stopped.ExitCode); // SIGTERM: stopped, not crashed, so not restarted
            Assert.False(TestApplication.IsRunning(running.ProcessId.Value));

            await supervisor.StartAsync();
            var restarted = await test.WaitForAsync("worker", s => s.State == ResourceState.Running && s.ProcessId is { } pid && !pids.Contains(pid));
            pids.Add(restarted.ProcessId!.Value);

            await supervisor.RestartAsync();
            await test.WaitForAsync("worker", s => s.State == ResourceState.Running && s.ProcessId is { } pid && !pids.Contains(pid));
        }

        Assert.Equal(6, app.Notifications.Get("worker").Restarts);
        Assert.Contains(test.Events, s => s.Name == "worker" && s.State == ResourceState.Stopping);
    }

    [Fact]
    public async Task Each_resource_keeps_its_own_last_console_lines_with_errors_marked()
    {
        await using var test = new TestApplication();
        test.AddShell("chatty", "i=1; while [ $i -le 1500 ]; do echo line $i; i=$((i+1)); done; exec sleep 300");
        test.AddShell("quiet", "echo only line; echo oops >&2; exec sleep 300");
        var app = test.Build();
        await app.StartAsync();

        var chatty = await test.WaitForLogAsync("chatty", lines => lines.Any(line => line.Text == "line 1500"));
        var quiet = await test.WaitForLogAsync("quiet", lines => lines.Count == 2);

        Assert.Equal(ResourceLoggerService.DefaultKeptLines, chatty.Count);
        Assert.Equal("line 501", chatty[0].Text);
        Assert.Equal(501, chatty[0].Number);
        Assert.All(chatty, line => Assert.False(line.IsError));
        Assert.Equal(["only line", "oops"], quiet.Select(line => line.Text).Order());
        Assert.True(quiet.Single(line => line.Text == "oops").IsError);
        Assert.False(quiet.Single(line => line.Text == "only line").IsError);
    }

    [Fact]
    public async Task The_state_stream_gives_the_current_states_first_then_every_change()
    {
        await using var test = new TestApplication();
        test.AddShell("worker", "exec sleep 300");
        var app = test.Build();
        await app.StartAsync();
        await test.WaitForAsync("worker", s => s.State == ResourceState.Running);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var stream = app.Notifications.WatchAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(ResourceState.Running, stream.Current.State);

        _ = app.GetSupervisor("worker").StopAsync();
        var states = new List<ResourceState>();
        while (states.LastOrDefault() != ResourceState.Exited && await stream.MoveNextAsync())
        {
            states.Add(stream.Current.State);
        }

        Assert.Equal([ResourceState.Stopping, ResourceState.Exited], states);
    }

    [Fact]
    public async Task A_missing_executable_is_RuntimeUnhealthy_and_one_that_cannot_be_run_FailedToStart()
    {
        await using var test = new TestApplication();
        var tool = Path.Combine(test.Directory, "tool");
        File.Copy("/bin/sleep", tool);
        var notExecutable = Path.Combine(test.Directory, "not-executable");
        await File.WriteAllTextAsync(notExecutable, "#!/bin/sh\n");
        test.Builder.AddExecutable("tool", tool, null, "300");
        test.Builder.AddExecutable("broken", notExecutable, null);
        var app = test.Build();
        await app.StartAsync();

        var broken = await test.WaitForAsync("broken", s => s.State == ResourceState.FailedToStart);
        Assert.Contains("not executable", broken.Message);

        await test.WaitForAsync("tool", s => s.State == ResourceState.Running);
        await app.GetSupervisor("tool").StopAsync();
        File.Delete(tool);
        await app.GetSupervisor("tool").StartAsync();

        var missing = await test.WaitForAsync("tool", s => s.State == ResourceState.RuntimeUnhealthy);
        Assert.Contains("was not found", missing.Message);
    }

    private static (List<DateTimeOffset> Starts, List<DateTimeOffset> Exits) TimelineOf(TestApplication test, string name)
    {
        // Starts and exits as the published snapshots record them, in order.
        var starts = new List<DateTimeOffset>();
        var exits = new List<DateTimeOffset>();
        foreach (var snapshot in test.Events.Where(s => s.Name == name))
        {
            if (snapshot.State == ResourceState.Running && snapshot.StartedAt is { } at && (starts.Count == 0 || starts[^1] != at))
            {
                starts.Add(at);
            }

            if (snapshot.State == ResourceState.Exited && snapshot.StoppedAt is { } stoppedAt)
            {
                exits.Add(stoppedAt);
            }
        }

        return (starts, exits);
    }
}
