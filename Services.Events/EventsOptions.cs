namespace Deployteq.Events;

// Configuration section "Events" (environment: Events__Retention=30.00:00:00, ...).
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    // Activities older than this are trimmed from a brand's stream; a subscriber asking for a
    // trimmed position gets OUT_OF_RANGE. A uuid stays known (idempotency) as long, plus a day.
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    // Subscribers are woken at once by a pub/sub notice; this poll only covers a lost notice
    // (a reconnect of the subscription connection), so it can be slow.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    // A subscription that has sent nothing for this long sends a progress item (a cursor with no
    // activity), so a consumer can checkpoint while its filter passes nothing and knows the
    // stream is alive.
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    // How long a customer read from Customers is reused; short, because an e-mail address or
    // external id may change.
    public TimeSpan CustomerCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

    // How long an emit in progress holds its uuid, so that a concurrent emit of the same uuid
    // waits instead of recording a second bounce. Longer than a call to Customers can take.
    public TimeSpan ClaimLifetime { get; set; } = TimeSpan.FromSeconds(30);

    // How often streams that receive nothing new are trimmed (a write trims its own stream).
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    // How often a running subscription checks its token again: a token revoked, expired or whose
    // user was deleted ends the stream with UNAUTHENTICATED within this time.
    public TimeSpan TokenRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
