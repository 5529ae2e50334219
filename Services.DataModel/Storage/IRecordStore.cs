using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Paging;

namespace Deployteq.DataModel.Storage;

public interface IRecordStore
{
    // One outcome per row, in order; the rows travel to Redis together (one round trip).
    Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(long brandId, ModuleDefinition module, IReadOnlyList<RecordWrite> rows, Actor actor);

    Task<StoredRecord?> GetAsync(long brandId, string module, string key);

    Task<bool> DeleteAsync(long brandId, string module, string key);

    // A customer's records in a module by creation, after the stamp `after`.
    Task<Page<StoredRecord>> ListByCustomerAsync(long brandId, string module, long customerId, long after, int pageSize);

    // A module's records by change stamp, after `after` and at or after `fromStamp`.
    Task<Page<StoredRecord>> ListByChangeAsync(long brandId, string module, long fromStamp, long after, int pageSize);

    // Null when the record does not exist.
    Task<Page<HistoryRecord>?> ListHistoryAsync(long brandId, string module, string key, long offset, int pageSize);

    // Every record of the customer, in one atomic step that also moves the feed checkpoint to
    // `cursor` when one is given. Returns how many records went.
    Task<long> DeleteCustomerAsync(long brandId, long customerId, string? cursor);

    // The customers that have records, by id, after `afterId`.
    Task<IReadOnlyList<long>> CustomersWithRecordsAsync(long brandId, long afterId, int count);

    Task<string?> GetCheckpointAsync(long brandId);

    Task SaveCheckpointAsync(long brandId, string cursor);
}
