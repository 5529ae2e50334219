using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Model;

// What the process delivering an installation says about it, and the counts.
public sealed record InstallationStatus(
    InstallationState State,
    DeliveryCounts Counts,
    long LagActivities,
    double LagSeconds,
    string LastError,
    DateTimeOffset? LastErrorTime,
    string Checkpoint,
    PaceReport Pace);
