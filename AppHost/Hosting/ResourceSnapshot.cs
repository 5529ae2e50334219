namespace Deployteq.AppHost.Hosting;

// One resource as the dashboard and the state stream see it; every change is a new snapshot.
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    ResourceState State,
    HealthStatus Health,
    int? ExitCode,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    int Restarts,
    IReadOnlyList<EndpointSnapshot> Endpoints,
    string? Message)
{
    public bool IsRunningAndHealthy => State == ResourceState.Running && Health == HealthStatus.Healthy;
}

public sealed record EndpointSnapshot(string Name, string Url);
