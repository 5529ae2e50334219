using Deployteq.Events.V1;
using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Model;

// The guide's choices and the Events metrics they select: clicks covers clicks and short_links.
public static class ActivityKinds
{
    public static IEnumerable<Metric> Metrics(ActivityKind kind) => kind switch
    {
        ActivityKind.Broadcasts => [Metric.Broadcasts],
        ActivityKind.Opens => [Metric.Opens],
        ActivityKind.Clicks => [Metric.Clicks, Metric.ShortLinks],
        ActivityKind.Bounces => [Metric.Bounces],
        ActivityKind.Complaints => [Metric.Complaints],
        ActivityKind.Unsubscribes => [Metric.Unsubscribes],
        ActivityKind.Conversions => [Metric.Conversions],
        _ => [],
    };

    public static IReadOnlyList<Metric> Metrics(IEnumerable<ActivityKind> kinds) =>
        kinds.SelectMany(Metrics).Distinct().Order().ToList();
}
