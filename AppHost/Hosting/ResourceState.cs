namespace Deployteq.AppHost.Hosting;

// Aspire's resource states (KnownResourceStates), so a dashboard or a test reads them the same way.
public enum ResourceState
{
    NotStarted,

    // Its WaitFor dependencies are not healthy yet.
    Waiting,
    Starting,
    Running,

    // What it needs to run (its executable) is missing, as Aspire says of a missing container runtime.
    RuntimeUnhealthy,
    Stopping,
    Exited,

    // The process could not be launched at all.
    FailedToStart,
}
