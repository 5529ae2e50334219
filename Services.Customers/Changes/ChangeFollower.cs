using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;

namespace Deployteq.Customers.Changes;

// Serves one watcher of a brand's change feed through the stream kit's StreamFollower: what is
// kept from its start on, then new changes as they come (woken by the notice the writing script
// publishes, polled every ProgressInterval), a progress item at once and whenever it has been idle
// for ProgressInterval, and OUT_OF_RANGE the moment its next position has been trimmed.
public sealed class ChangeFollower(IChangeFeedStore store, IOptions<ChangeFeedOptions> options)
{
    private const string Entries = "Changes";

    public async Task<StreamCursor> StartAsync(long brandId, StreamCursor? after, bool fromOldest)
    {
        var bounds = await store.GetBoundsAsync(brandId);
        if (after is { } cursor)
        {
            StreamRetentionCheck.EnsureKept(bounds.TrimmedThrough, cursor.Next(), Entries);
            return cursor.Next();
        }

        return fromOldest ? bounds.TrimmedThrough.Next() : bounds.LastWritten.Next();
    }

    // Hands each change (with its position) or progress cursor (change null) to `write`.
    public async Task FollowAsync(
        long brandId, StreamCursor next, Func<StreamCursor, StoredChange?, Task> write, CancellationToken cancellationToken)
    {
        var source = new StreamSource<StoredChange>(
            onAppended => store.WatchAsync(brandId, onAppended),
            async (from, count) =>
            {
                var (changes, bounds) = await store.ReadAsync(brandId, from, count);
                return (bounds.TrimmedThrough, changes);
            },
            Entries);
        var interval = options.Value.ProgressInterval;
        var timings = new StreamFollowTimings(interval, interval, ProgressAtStart: true);
        await foreach (var item in StreamFollower.FollowAsync(source, next, _ => true, timings, cancellationToken))
        {
            await write(item.Position, item.Entry);
        }
    }
}
