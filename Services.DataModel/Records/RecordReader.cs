using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.Storage;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;

namespace Deployteq.DataModel.Records;

// Reads records and hands out only those whose customer still exists, so a deleted customer's
// records are never readable, even before the change feed has removed them (DataModel down while
// the customer was deleted, say). In the steady state the customer cache answers, since Customers
// acknowledges no delete before this service has applied it (CustomerCache); otherwise Customers
// is asked. A customer found missing has its records removed at once.
public sealed class RecordReader(IModuleStore modules, IRecordStore records, ICustomerExistence customers)
{
    public async Task<StoredRecord> GetAsync(long brandId, string module, string key, CancellationToken cancellationToken)
    {
        var record = await records.GetAsync(brandId, module, key);
        if (record is null || !await ExistsAsync(brandId, record.CustomerId, cancellationToken))
        {
            throw await NotFoundAsync(brandId, module, key);
        }

        return record;
    }

    public async Task<Page<HistoryRecord>> HistoryAsync(long brandId, string module, string key, long offset, int pageSize, CancellationToken cancellationToken)
    {
        await GetAsync(brandId, module, key, cancellationToken);
        return await records.ListHistoryAsync(brandId, module, key, offset, pageSize)
            ?? throw Problems.NotFound($"No record {Limits.Quote(key)} in module '{module}'.");
    }

    public async Task<Page<StoredRecord>> ListByCustomerAsync(
        long brandId, string module, long customerId, long after, int pageSize, CancellationToken cancellationToken)
    {
        await RequireModuleAsync(brandId, module);
        if (!await ExistsAsync(brandId, customerId, cancellationToken))
        {
            throw Problems.NotFound($"No customer {customerId} in this brand.");
        }

        return await records.ListByCustomerAsync(brandId, module, customerId, after, pageSize);
    }

    public async Task<Page<StoredRecord>> ListByChangeAsync(
        long brandId, string module, long fromStamp, long after, int pageSize, CancellationToken cancellationToken)
    {
        await RequireModuleAsync(brandId, module);
        var page = await records.ListByChangeAsync(brandId, module, fromStamp, after, pageSize);
        var missing = await customers.FindMissingAsync(brandId, page.Items.Select(r => r.CustomerId).Distinct().ToList(), cancellationToken);
        foreach (var customerId in missing)
        {
            await records.DeleteCustomerAsync(brandId, customerId, cursor: null);
        }

        if (missing.Count == 0)
        {
            return page;
        }

        // Each kept record keeps its own position, so a page cut short later still goes on right.
        var kept = page.Items.Select((record, index) => (Record: record, Position: page.Positions![index]))
            .Where(item => !missing.Contains(item.Record.CustomerId))
            .ToList();
        return page with { Items = kept.Select(item => item.Record).ToList(), Positions = kept.Select(item => item.Position).ToList() };
    }

    private async Task<bool> ExistsAsync(long brandId, long customerId, CancellationToken cancellationToken)
    {
        if ((await customers.FindMissingAsync(brandId, [customerId], cancellationToken)).Count == 0)
        {
            return true;
        }

        await records.DeleteCustomerAsync(brandId, customerId, cursor: null);
        return false;
    }

    private async Task RequireModuleAsync(long brandId, string module)
    {
        if (await modules.GetAsync(brandId, module) is null)
        {
            throw Problems.NotFound($"No module '{module}' in this brand.");
        }
    }

    private async Task<Exception> NotFoundAsync(long brandId, string module, string key) =>
        await modules.GetAsync(brandId, module) is null
            ? Problems.NotFound($"No module '{module}' in this brand.")
            : Problems.NotFound($"No record {Limits.Quote(key)} in module '{module}'.");
}
