using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Auth;

namespace Deployteq.Customers.Storage;

// What other services need for a whole batch of theirs, each in one Redis call.
public partial interface ICustomerStore
{
    // The customers of these distinct ids, in order; null where the brand has none.
    Task<IReadOnlyList<CustomerRecord?>> GetManyAsync(long brandId, IReadOnlyList<long> customerIds);

    // Applies the events in order, atomically; see MailabilityBatchResult.
    Task<MailabilityBatchResult> RecordMailabilityEventsAsync(long brandId, IReadOnlyList<MailabilityBatchItem> items, Actor actor);
}
