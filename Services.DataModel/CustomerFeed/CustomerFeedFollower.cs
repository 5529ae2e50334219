using Deployteq.Customers.V1;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Storage;
using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.CustomerFeed;

// Follows one brand's change feed from its checkpoint in Redis: a deleted customer's records go
// in the same atomic step that moves the checkpoint past the delete; creates, updates and
// progress keep the customer cache right. Without a checkpoint, or when the checkpoint has fallen
// out of what Customers keeps (OUT_OF_RANGE), it first reconciles: every customer that has
// records is asked of Customers (1,000 per call) and the missing ones' records go; then it
// replays from the oldest change kept, which covers whatever happened during the reconciliation.
public sealed class CustomerFeedFollower(
    ICustomerChangeSource source,
    IRecordStore store,
    CustomerCache cache,
    TimeProvider clock,
    IOptions<DataModelOptions> options,
    ILogger<CustomerFeedFollower> logger)
{
    public const int ReconcileBatchSize = 1000;

    // Returns when the feed ends; throws FeedAccessException when the token stopped working.
    public async Task FollowAsync(long brandId, string token, CancellationToken cancellationToken)
    {
        try
        {
            var checkpoint = await store.GetCheckpointAsync(brandId);
            if (checkpoint is null)
            {
                await ReconcileAsync(brandId, token, cancellationToken);
            }

            var start = checkpoint is null ? FeedStart.FromOldest : new FeedStart(checkpoint);
            while (true)
            {
                try
                {
                    await ReadAsync(brandId, token, start, cancellationToken);
                    return;
                }
                catch (FeedOutOfRangeException exception)
                {
                    logger.LogWarning("Brand {BrandId}: the feed checkpoint is out of range ({Reason}); reconciling every customer with records", brandId, exception.Message);
                    cache.Lost(brandId);
                    await ReconcileAsync(brandId, token, cancellationToken);
                    start = FeedStart.FromOldest;
                }
            }
        }
        finally
        {
            cache.Lost(brandId);
        }
    }

    // Deletes the records of every customer Customers no longer has. Returns how many customers.
    public async Task<int> ReconcileAsync(long brandId, string token, CancellationToken cancellationToken)
    {
        var removed = 0;
        long after = 0;
        while (true)
        {
            var ids = await store.CustomersWithRecordsAsync(brandId, after, ReconcileBatchSize);
            if (ids.Count == 0)
            {
                return removed;
            }

            foreach (var id in await source.FindMissingAsync(token, ids, cancellationToken))
            {
                cache.Deleted(brandId, id);
                await store.DeleteCustomerAsync(brandId, id, cursor: null);
                removed++;
            }

            after = ids[^1];
        }
    }

    private async Task ReadAsync(long brandId, string token, FeedStart start, CancellationToken cancellationToken)
    {
        string? unsaved = null;
        var lastSave = clock.GetUtcNow();
        await foreach (var item in source.WatchAsync(token, start, cancellationToken))
        {
            switch (item.Change?.Kind)
            {
                case null:
                    cache.Heard(brandId, caughtUp: true);
                    await store.SaveCheckpointAsync(brandId, item.Cursor);
                    unsaved = null;
                    lastSave = clock.GetUtcNow();
                    continue;
                case CustomerChangeKind.Deleted:
                    // The cache first: from here on no read trusts the customer, while its records go.
                    cache.Deleted(brandId, item.Change.CustomerId);
                    var records = await store.DeleteCustomerAsync(brandId, item.Change.CustomerId, item.Cursor);
                    logger.LogInformation("Brand {BrandId}: customer {CustomerId} was deleted; {Records} records removed", brandId, item.Change.CustomerId, records);
                    unsaved = null;
                    lastSave = clock.GetUtcNow();
                    continue;
                case CustomerChangeKind.Created:
                    cache.Created(brandId, item.Change.CustomerId);
                    break;
                default:
                    cache.Heard(brandId, caughtUp: false);
                    break;
            }

            // Creates and updates change nothing stored; their cursors are saved now and then, since
            // replaying them is harmless.
            unsaved = item.Cursor;
            if (clock.GetUtcNow() - lastSave >= options.Value.CheckpointInterval)
            {
                await store.SaveCheckpointAsync(brandId, unsaved);
                unsaved = null;
                lastSave = clock.GetUtcNow();
            }
        }

        if (unsaved is not null)
        {
            await store.SaveCheckpointAsync(brandId, unsaved);
        }
    }
}
