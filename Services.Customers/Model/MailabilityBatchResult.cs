namespace Deployteq.Customers.Model;

// Either the counts after each event (in order), or the positions (0-based) of the events whose
// customer does not exist, in which case nothing was recorded.
public sealed record MailabilityBatchResult(IReadOnlyList<MailabilityCounts> Counts, IReadOnlyList<int> MissingCustomers);
