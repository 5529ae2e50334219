namespace Deployteq.Customers.Model;

// One event of a RecordMailabilityEvents call; ActivityUuid is lower case, or "" when none.
public sealed record MailabilityBatchItem(long CustomerId, MailabilityEvent Event, string ActivityUuid);
