using Deployteq.Events.V1;

namespace Deployteq.Events.Enrichment;

// Keeps the customer's mailability counters in Customers in step with the activities.
public interface IMailabilityRecorder
{
    // Records what the activity means for its customer and writes the counts it returns into the
    // activity (bounce counts, complaint count). Activities that mean nothing are left alone.
    Task RecordAsync(Activity activity, string token, CancellationToken cancellationToken);
}
