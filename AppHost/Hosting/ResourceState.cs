namespace Deployteq.AppHost.Hosting;

public enum ResourceState
{
    NotStarted,
    Starting,
    Running,
    Healthy,
    Stopping,
    Exited,
    FailedToStart,
}
