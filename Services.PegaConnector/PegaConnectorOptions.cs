namespace Deployteq.PegaConnector;

// Configuration section "PegaConnector" (environment: PegaConnector__MaxInFlight=16, ...).
public sealed class PegaConnectorOptions
{
    public const string SectionName = "PegaConnector";

    // Calls in flight per installation adapt to the endpoint (AdaptiveConcurrency) between
    // MinInFlight and MaxInFlight, starting at InitialInFlight. The cap is also what a crash can
    // send twice (each with its Idempotency-Key): 256 lets an endpoint answering in 50 ms take
    // 5,000 activities a second per installation (a bulk send of 200,000 in 40 s) while a crash
    // doubles at most 256 of them, and only when the endpoint was fast enough to earn that limit.
    public int MaxInFlight { get; set; } = 256;

    public int MinInFlight { get; set; } = 4;

    public int InitialInFlight { get; set; } = 16;

    // One attempt of one call.
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // An in-flight mark lives HttpTimeout plus this; it only guards against nobody cleaning up
    // (a takeover does not wait for it: marks carry the lease's epoch).
    public TimeSpan InFlightMarkMargin { get; set; } = TimeSpan.FromSeconds(15);

    // How long a delivered (or dead-lettered) uuid is remembered: replays, reconnections and
    // restarts within it skip the activity.
    public TimeSpan DeliveredRecordLifetime { get; set; } = TimeSpan.FromHours(72);

    // Transient failures of one activity are retried this long before it is dead-lettered. Its
    // next call waits RetryBaseDelay, doubling up to RetryMaxDelay (with jitter), or the
    // endpoint's Retry-After; when the endpoint answers again, every waiting activity goes at once.
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(27);

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    // A Retry-After longer than this is cut to it (and a negative or past one to zero).
    public TimeSpan RetryAfterMax { get; set; } = TimeSpan.FromHours(1);

    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    // The installation lease: another connector process takes an installation over at most this
    // long (plus one scan) after its holder died, and at once after it stopped (the release is
    // published). A holder that could not renew it for this long (less a tenth) stops sending.
    public TimeSpan LeaseLifetime { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    // How often the process looks for installations nobody delivers.
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    // Hosts that may be reached over plain http. Unset: loopback in Development, none otherwise.
    public string[]? AllowHttpHosts { get; set; }

    // Events sends a progress cursor every few seconds on an idle stream: a stream silent for this
    // long is taken as stuck and opened again after the last position read.
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // How long the process waits on stop for calls in flight to finish.
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);
}
