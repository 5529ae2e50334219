using Deployteq.Customers.V1;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Storage;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.CustomerFeed;

// Follows one brand's change feed from its checkpoint in Redis: a deleted customer's records go
// in the same atomic step that moves the checkpoint past the delete; creates, updates and
// progress keep the customer cache right. Without a checkpoint, or when the checkpoint has fallen
// out of what Customers keeps (OUT_OF_RANGE), it first reconciles: every customer that has
// records is asked of Customers (1,000 per call) and the missing ones' records go; then it
// replays from the oldest change kept, which covers whatever happened during the reconciliation.
// The feed is read with credentials.WatchWith (the internal key, normally); a reconciliation
// needs a caller's token (CallerTokenNeededException when there is none), unless the brand has no
// records to check.
public sealed class CustomerFeedFollower(
    ICustomerChangeSource source,
    IRecordStore store,
    CustomerCache cache,
    TimeProvider clock,
    IOptions<DataModelOptions> options,
    ILogger<CustomerFeedFollower> logger)
{
    public const int ReconcileBatchSize = 1000;

    // Returns when the feed ends; throws FeedAccessException when WatchWith is refused,
    // CallerTokenNeededException when a reconciliation has no working caller's token, and
    // FeedBrandGoneException when Customers has no such brand.
    public async Task FollowAsync(long brandId, FeedCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            var checkpoint = await store.GetCheckpointAsync(brandId);
            if (checkpoint is null)
            {
                await ReconcileAsync(brandId, credentials.ReconcileWith, cancellationToken);
            }

            var start = checkpoint is null ? FeedStart.FromOldest : new FeedStart(checkpoint);
            while (true)
            {
                try
                {
                    await ReadAsync(brandId, credentials.WatchWith, start, cancellationToken);
                    return;
                }
                catch (FeedOutOfRangeException exception)
                {
                    logger.LogWarning("Brand {BrandId}: the feed checkpoint is out of range ({Reason}); reconciling every customer with records", brandId, exception.Message);
                    cache.Lost(brandId);
                    await ReconcileAsync(brandId, credentials.ReconcileWith, cancellationToken);
                    start = FeedStart.FromOldest;
                }
            }
        }
        finally
        {
            cache.Lost(brandId);
        }
    }

    // Deletes the records of every customer Customers no longer has, asked with a caller's token
    // of the brand. Returns how many customers.
    public async Task<int> ReconcileAsync(long brandId, string? token, CancellationToken cancellationToken)
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

            if (token is null)
            {
                throw new CallerTokenNeededException("The brand's customers with records must be checked with Customers, which takes a caller's token.", null);
            }

            IReadOnlySet<long> missing;
            try
            {
                missing = await source.FindMissingAsync(token, ids, cancellationToken);
            }
            catch (FeedAccessException exception)
            {
                throw new CallerTokenNeededException(exception.Message, token);
            }

            foreach (var id in missing)
            {
                cache.Deleted(brandId, id);
                await store.DeleteCustomerAsync(brandId, id, cursor: null);
                removed++;
            }

            after = ids[^1];
        }
    }

    private async Task ReadAsync(long brandId, string credential, FeedStart start, CancellationToken cancellationToken)
    {
        string? unsaved = null;
        var lastSave = clock.GetUtcNow();
        // Customers sends progress while idle: a feed silent for three times the silence limit is
        // a dead connection or a stuck server, and is reopened rather than waited on for ever.
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var silence = options.Value.FeedSilenceLimit * 3;
        watchdog.CancelAfter(silence);
        await using var items = source.WatchAsync(brandId, credential, start, watchdog.Token).GetAsyncEnumerator(watchdog.Token);
        using var acknowledgement = new FeedAcknowledgement(source, cache, clock, logger, brandId, credential);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync())
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The change feed was silent for {silence.TotalSeconds:F0} s.");
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The change feed was silent for {silence.TotalSeconds:F0} s.");
            }

            watchdog.CancelAfter(silence);
            var item = items.Current;
            switch (item.Change?.Kind)
            {
                case null:
                    cache.Heard(brandId, caughtUp: true);
                    acknowledgement.Applied(item.Cursor);
                    await store.SaveCheckpointAsync(brandId, item.Cursor);
                    unsaved = null;
                    lastSave = clock.GetUtcNow();
                    continue;
                case CustomerChangeKind.Deleted:
                    // The cache first: from here on no read trusts the customer, while its records go.
                    cache.Deleted(brandId, item.Change.CustomerId);
                    // Reads are right from here on (the cache refuses the customer), so Customers
                    // may acknowledge the delete to its caller while the records go.
                    acknowledgement.Applied(item.Cursor);
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

            acknowledgement.Applied(item.Cursor);

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
