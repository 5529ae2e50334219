namespace Deployteq.PegaStandIn;

// What an endpoint answers instead of accepting: a status (with Retry-After), or no answer at
// all for a while (Hang). For a number of calls, or until a time, whichever is given.
public sealed record Fault
{
    public int Status { get; init; } = 503;

    // Sent as is: seconds ("2") or an HTTP date.
    public string? RetryAfter { get; init; }

    // Holds the call this long before answering Status.
    public TimeSpan Hang { get; init; }

    // How many calls get the fault; null for no limit.
    public int? Calls { get; init; }

    // Until when; null for no limit.
    public DateTimeOffset? Until { get; init; }
}
