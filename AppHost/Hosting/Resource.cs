namespace Deployteq.AppHost.Hosting;

// Something the AppHost runs: a process with a name, endpoints, environment and a health probe.
public abstract class Resource(string name, ConsoleOutput output)
{
    private readonly List<Resource> _waitsFor = [];

    public string Name => name;

    public ResourceState State { get; protected set; } = ResourceState.NotStarted;

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    public abstract IReadOnlyDictionary<string, string> Endpoints { get; }

    protected ManagedProcess Process { get; } = new(name, output);

    protected ConsoleOutput Output => output;

    public int? ProcessId => Process.ProcessId;

    // Completes when the resource's process has ended.
    public virtual Task Exited => Process.Exited;

    public void AddDependency(Resource resource)
    {
        if (!_waitsFor.Contains(resource))
        {
            _waitsFor.Add(resource);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        State = ResourceState.Starting;
        StartProcess();
        State = ResourceState.Running;
        await WaitUntilHealthyAsync(cancellationToken);
        State = ResourceState.Healthy;
    }

    public async Task StopAsync()
    {
        State = ResourceState.Stopping;
        await Process.StopAsync(TimeSpan.FromSeconds(10));
        State = ResourceState.Exited;
    }

    protected abstract void StartProcess();

    protected abstract Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            if (Exited.IsCompleted)
            {
                State = ResourceState.FailedToStart;
                throw new InvalidOperationException($"{Name} exited before it became healthy.");
            }

            try
            {
                if (await IsHealthyAsync(timeout.Token))
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not listening yet.
            }

            try
            {
                await Task.Delay(250, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                State = ResourceState.FailedToStart;
                throw new TimeoutException($"{Name} did not become healthy within 90 s.");
            }
        }
    }
}
