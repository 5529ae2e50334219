using Deployteq.Events.V1;

namespace Deployteq.Events.Enrichment;

// Keeps the customers' mailability counters in Customers in step with the activities.
public interface IMailabilityRecorder
{
    // Records what the activities mean for their customers, in their order and in one call, and
    // writes the counts Customers returns into them (bounce counts, complaint count). Activities
    // that mean nothing (broadcasts, conversions, opens and clicks of machines) are left alone.
    // fieldPrefix gives the request path of activity i, for a NOT_FOUND that names it.
    Task RecordAsync(IReadOnlyList<Activity> activities, Func<int, string> fieldPrefix, CancellationToken cancellationToken);
}
