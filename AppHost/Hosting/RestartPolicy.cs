namespace Deployteq.AppHost.Hosting;

// A process supervisor's backoff: 1 s, 2 s, 4 s … up to 30 s between restarts of a resource that
// keeps dying, back to 1 s once it has stayed up for a minute.
public sealed class RestartPolicy
{
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan DelayFor(int consecutiveFailures) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(consecutiveFailures - 1, 20)));
}
