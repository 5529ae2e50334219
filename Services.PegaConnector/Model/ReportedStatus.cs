using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Model;

// What a delivering process writes about an installation with every lease renewal.
public sealed record ReportedStatus(InstallationState State, long LagActivities, double LagSeconds, string LastError, long LastErrorMilliseconds, PaceReport Pace);
