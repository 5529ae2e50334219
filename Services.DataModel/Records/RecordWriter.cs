using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Rpc;

namespace Deployteq.DataModel.Records;

// Upserts a batch of rows of one module, each on its own: one module read, one call to Customers
// for the rows' customers, one pipelined round of scripts, whatever the batch size. A row whose
// module changed between validation and write is validated again against the new definition.
public sealed class RecordWriter(IModuleStore modules, IRecordStore records, ICustomerExistence customers)
{
    private const int ModuleChangeAttempts = 3;

    public async Task<IReadOnlyList<RowResult>> UpsertAsync(
        long brandId, string moduleName, IReadOnlyList<Record> rows, Actor actor, CancellationToken cancellationToken)
    {
        var results = new RowResult?[rows.Count];
        var pending = Enumerable.Range(0, rows.Count).ToList();
        var customersChecked = false;
        for (var attempt = 0; attempt < ModuleChangeAttempts && pending.Count > 0; attempt++)
        {
            var module = await modules.GetAsync(brandId, moduleName)
                ?? throw Problems.NotFound($"No module '{moduleName}' in this brand.");

            var writes = new List<(int Index, RecordWrite Write)>(pending.Count);
            foreach (var index in pending)
            {
                var (write, failures) = RecordRules.Validate(module, rows[index]);
                if (write is null)
                {
                    results[index] = new RowResult(null, false, failures);
                }
                else
                {
                    writes.Add((index, write));
                }
            }

            if (!customersChecked)
            {
                var missing = await customers.FindMissingAsync(brandId, writes.Select(w => w.Write.CustomerId).ToList(), cancellationToken);
                foreach (var (index, write) in writes.Where(w => missing.Contains(w.Write.CustomerId)))
                {
                    results[index] = NoCustomer(write.CustomerId);
                }

                writes.RemoveAll(w => missing.Contains(w.Write.CustomerId));
                customersChecked = true;
            }

            var outcomes = await records.UpsertAsync(brandId, module, writes.Select(w => w.Write).ToList(), actor);
            pending = [];
            for (var i = 0; i < writes.Count; i++)
            {
                var (index, write) = writes[i];
                var outcome = outcomes[i];
                switch (outcome.Status)
                {
                    case UpsertStatus.Created or UpsertStatus.Updated:
                        results[index] = new RowResult(Stored(write, rows[index], outcome), outcome.Status == UpsertStatus.Created, []);
                        break;
                    case UpsertStatus.KeyTaken:
                        results[index] = RowResult.Refused(new RowFailure(
                            Code.AlreadyExists, "values." + module.KeyField, $"key {Limits.Quote(write.Key)} belongs to a record of another customer"));
                        break;
                    case UpsertStatus.CustomerDeleted:
                        results[index] = NoCustomer(write.CustomerId);
                        break;
                    case UpsertStatus.ModuleChanged:
                        pending.Add(index);
                        break;
                }
            }
        }

        foreach (var index in pending)
        {
            results[index] = RowResult.Refused(new RowFailure(
                Code.FailedPrecondition, "module", $"module '{moduleName}' kept changing while the record was written; send it again"));
        }

        return results.Select(result => result!).ToList();
    }

    private static RowResult NoCustomer(long customerId) =>
        RowResult.Refused(new RowFailure(Code.NotFound, "customer_id", $"no customer {customerId} in this brand"));

    private static StoredRecord Stored(RecordWrite write, Record row, UpsertOutcome outcome) =>
        new(write.Key, write.CustomerId, row.Values, outcome.CreateTime, outcome.UpdateTime);
}
