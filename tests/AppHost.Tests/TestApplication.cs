using Deployteq.AppHost.Hosting;

namespace Deployteq.AppHost.Tests;

// An application of shell processes in a temporary folder, without the dashboard, with a fast
// restart backoff; everything it started is stopped on dispose.
public sealed class TestApplication : IAsyncDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("deployteq-apphost-tests-").FullName;
    private readonly List<ResourceSnapshot> _events = [];
    private DistributedApplication? _app;

    public TestApplication(RestartPolicy? restartPolicy = null)
    {
        Builder = DistributedApplication.CreateBuilder([], new DistributedApplicationOptions
        {
            DataDirectory = _directory,
            DashboardEnabled = false,
            RestartPolicy = restartPolicy ?? new RestartPolicy { FirstDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2) },
        });
    }

    public DistributedApplicationBuilder Builder { get; }

    public string Directory => _directory;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not built.");

    // Every snapshot published since Build, in order.
    public IReadOnlyList<ResourceSnapshot> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public ExecutableResource AddShell(string name, string script) => Builder.AddExecutable(name, "/bin/sh", null, "-c", script);

    public DistributedApplication Build()
    {
        _app = Builder.Build();
        _app.Notifications.Published += snapshot =>
        {
            lock (_events)
            {
                _events.Add(snapshot);
            }
        };
        return _app;
    }

    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, int seconds = 60)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await App.Notifications.WaitForAsync(name, predicate, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{name} did not reach the expected state within {seconds} s; it is {App.Notifications.Get(name)}");
        }
    }

    public async Task<IReadOnlyList<LogLine>> WaitForLogAsync(string name, Func<IReadOnlyList<LogLine>, bool> predicate, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var lines = App.Logs.Backlog(name);
            if (predicate(lines))
            {
                return lines;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name}'s console did not show what was expected within {seconds} s:\n{string.Join('\n', lines.TakeLast(20).Select(l => l.Text))}");
            }

            await Task.Delay(50);
        }
    }

    public static bool IsRunning(int processId) =>
        File.Exists($"/proc/{processId}/stat") && !File.ReadAllText($"/proc/{processId}/stat").Contains(") Z ");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
