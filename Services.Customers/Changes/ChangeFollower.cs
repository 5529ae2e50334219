using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Streams;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Customers.Changes;

// Serves one watcher of a brand's change feed: what is kept from its start on, then new changes
// as they come (woken by the notice the writing script publishes), a progress item at once and
// whenever it has been idle for ProgressInterval, and OUT_OF_RANGE the moment its next position
// has been trimmed. Pages are read only once the previous one was handed on, so a slow watcher
// holds back its own stream and nobody else's.
public sealed class ChangeFollower(IChangeFeedStore store, IOptions<ChangeFeedOptions> options)
{
    private const int PageSize = 500;

    public async Task<StreamCursor> StartAsync(long brandId, StreamCursor? after, bool fromOldest)
    {
        var bounds = await store.GetBoundsAsync(brandId);
        if (after is { } cursor)
        {
            EnsureKept(bounds, cursor.Next());
            return cursor.Next();
        }

        return fromOldest ? bounds.TrimmedThrough.Next() : bounds.LastWritten.Next();
    }

    // Hands each change (with its position) or progress cursor (change null) to `write`.
    public async Task FollowAsync(
        long brandId, StreamCursor next, Func<StreamCursor, StoredChange?, Task> write, CancellationToken cancellationToken)
    {
        using var wake = new SemaphoreSlim(0);
        // Watching before the first read: a notice that comes in between is not lost.
        await using var watch = await store.WatchAsync(brandId, () =>
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        });

        await write(next.Previous(), null);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (changes, bounds) = await store.ReadAsync(brandId, next, PageSize);
            EnsureKept(bounds, next);
            foreach (var change in changes)
            {
                await write(change.Position, change);
                next = change.Position.Next();
            }

            // Idle: a notice wakes the watcher; otherwise it gets a progress item and reads again,
            // which also covers a lost notice.
            if (changes.Count < PageSize && !await wake.WaitAsync(options.Value.ProgressInterval, cancellationToken))
            {
                await write(next.Previous(), null);
            }
        }
    }

    private static void EnsureKept(ChangeBounds bounds, StreamCursor next)
    {
        if (bounds.HasTrimmed(next))
        {
            throw new RpcException(new Status(
                StatusCode.OutOfRange,
                $"Changes up to {bounds.TrimmedThrough} have passed retention and are gone; start after that cursor or from the oldest kept."));
        }
    }
}
