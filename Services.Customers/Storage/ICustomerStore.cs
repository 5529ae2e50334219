using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Paging;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Storage;

// Customers of a brand, their indexes, history and mailability. Conflicts and missing customers
// on writes are thrown as RpcException (ALREADY_EXISTS, NOT_FOUND); lookups return null.
public partial interface ICustomerStore
{
    Task<CustomerRecord> CreateAsync(long brandId, NewCustomer customer, Actor actor);

    Task<CustomerRecord?> GetAsync(long brandId, long customerId);

    Task<CustomerRecord?> GetByEmailAddressAsync(long brandId, string emailAddress);

    Task<CustomerRecord?> GetByExternalIdAsync(long brandId, string externalId);

    Task<CustomerRecord> UpdateAsync(long brandId, CustomerChange change, Actor actor);

    // The delete's position on the change feed; null when there was no such customer.
    Task<StreamCursor?> DeleteAsync(long brandId, long customerId);

    Task<Page<CustomerRecord>> ListAsync(long brandId, long afterId, int pageSize);

    // One outcome per row, in order, each row applied on its own; one script for all of them.
    Task<IReadOnlyList<ImportOutcome>> ImportAsync(long brandId, IReadOnlyList<ImportRow> rows, Actor actor);

    // Null when the customer does not exist.
    Task<Page<HistoryRecord>?> ListHistoryAsync(long brandId, long customerId, long offset, int pageSize);

    // With an activity uuid, the same activity counts once (for some days).
    Task<CustomerRecord> RecordMailabilityAsync(long brandId, long customerId, MailabilityEvent mailabilityEvent, string activityUuid, Actor actor);
}
