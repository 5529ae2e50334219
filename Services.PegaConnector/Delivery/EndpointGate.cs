namespace Deployteq.PegaConnector.Delivery;

// Holds every call to one installation's endpoint: after a 429 or 503 with Retry-After until the
// time it names, and while the circuit breaker is open until its probe. The hold ends a little
// after the time it names (jitter up to a fifth of it, at most a second), so that installations
// held by one Pega host together do not all come back in the same instant.
public sealed class EndpointGate(TimeProvider clock)
{
    private static readonly TimeSpan MaxJitter = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private DateTimeOffset _until = DateTimeOffset.MinValue;
    private string _by = "";

    public void Hold(TimeSpan wait, string by)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        var jitter = TimeSpan.FromTicks((long)(Math.Min(MaxJitter.Ticks, wait.Ticks / 5) * Random.Shared.NextDouble()));
        var until = clock.GetUtcNow() + wait + jitter;
        lock (_gate)
        {
            if (until > _until)
            {
                _until = until;
                _by = by;
            }
        }
    }

    // Zero when calls may go.
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                var left = _until - clock.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    // Until when (Unix ms) and why, while held; (0, "") otherwise.
    public (long UntilMilliseconds, string By) Report()
    {
        lock (_gate)
        {
            return _until > clock.GetUtcNow() ? (_until.ToUnixTimeMilliseconds(), _by) : (0, "");
        }
    }
}
