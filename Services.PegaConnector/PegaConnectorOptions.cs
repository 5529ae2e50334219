namespace Deployteq.PegaConnector;

// Configuration section "PegaConnector" (environment: PegaConnector__MaxInFlight=16, ...).
public sealed class PegaConnectorOptions
{
    public const string SectionName = "PegaConnector";

    // Calls in flight per installation: the endpoint sets the pace. 16 measured best against the
    // stand-in (README, "Pega connector benchmark").
    public int MaxInFlight { get; set; } = 16;

    // One attempt of one call.
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // The in-flight mark outlives an attempt by this much, so that it cannot expire while the
    // call it guards is still running (a takeover would send it a second time).
    public TimeSpan InFlightMarkMargin { get; set; } = TimeSpan.FromSeconds(15);

    // How long a delivered (or dead-lettered) uuid is remembered: replays, reconnections and
    // restarts within it skip the activity.
    public TimeSpan DeliveredRecordLifetime { get; set; } = TimeSpan.FromHours(72);

    // Transient failures of one activity are retried this long before it is dead-lettered.
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
    // long (plus one scan) after its holder died.
    public TimeSpan LeaseLifetime { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    // How often the process looks for installations nobody delivers.
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    // How often an activity in flight elsewhere (a dead process's mark) is looked at again.
    public TimeSpan BusyRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    // Hosts that may be reached over plain http. Unset: loopback in Development, none otherwise.
    public string[]? AllowHttpHosts { get; set; }

    // How long the process waits on stop for calls in flight to finish.
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);
}
