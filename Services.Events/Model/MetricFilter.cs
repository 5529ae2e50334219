using Deployteq.Events.V1;

namespace Deployteq.Events.Model;

// Which metrics a reader wants; none named means all.
public sealed class MetricFilter(IEnumerable<Metric> metrics)
{
    private readonly HashSet<Metric> _metrics = [.. metrics];

    public bool Matches(Activity activity) => _metrics.Count == 0 || _metrics.Contains(activity.Metric);
}
