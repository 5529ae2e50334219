namespace Deployteq.AppHost.Hosting;

public sealed class DistributedApplicationOptions
{
    // Default: .apphost/ in the repository, or APPHOST_DATA_DIR.
    public string? DataDirectory { get; init; }

    // The dashboard web page; off for tests of the orchestration alone.
    public bool DashboardEnabled { get; init; } = true;

    public RestartPolicy RestartPolicy { get; init; } = new();
}
