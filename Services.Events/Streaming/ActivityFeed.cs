using System.Runtime.CompilerServices;
using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Streaming;

// Reads a brand's stream for subscribers (the stream kit's StreamFollower) and exports. Pages are
// read only when the previous page has been handed on, so a slow reader holds back its own stream
// and nobody else's (gRPC flow control does the rest). Every read comes with the trim mark of the
// same moment: a reader whose next position retention has trimmed is told (OUT_OF_RANGE), at its
// start or later, and never silently skips what it missed.
public sealed class ActivityFeed(IActivityStore store, IOptions<EventsOptions> options)
{
    private const string Entries = "Activities";

    // Only what is recorded from now on.
    public async Task<StreamCursor> NowAsync(long brandId) =>
        (await store.GetBoundsAsync(brandId)).LastGenerated.Next();

    // Everything retention still keeps.
    public async Task<StreamCursor> OldestAsync(long brandId) =>
        (await store.GetBoundsAsync(brandId)).TrimmedThrough.Next();

    // Right after a cursor. A cursor past the newest activity (one this stream has not reached,
    // up to the largest a cursor can be) means after everything, never a replay from the start.
    public async Task<StreamCursor> AfterAsync(long brandId, StreamCursor cursor)
    {
        var bounds = await store.GetBoundsAsync(brandId);
        var readFrom = cursor >= bounds.LastGenerated ? bounds.LastGenerated.Next() : cursor.Next();
        StreamRetentionCheck.EnsureKept(bounds.TrimmedThrough, readFrom, Entries);
        return readFrom;
    }

    // From a position (a time's first position), which retention must still keep.
    public async Task<StreamCursor> AtAsync(long brandId, StreamCursor readFrom)
    {
        StreamRetentionCheck.EnsureKept((await store.GetBoundsAsync(brandId)).TrimmedThrough, readFrom, Entries);
        return readFrom;
    }

    // What is stored from readFrom on, then new activities as they come, until cancelled; with
    // progress items (see events.proto SubscribeResponse) after a read that skipped unselected
    // activities, and whenever nothing has been sent for the progress interval.
    public async IAsyncEnumerable<FeedItem> FollowAsync(
        long brandId, StreamCursor readFrom, MetricFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var source = new StreamSource<StoredActivity>(
            onAppended => store.WatchAsync(brandId, onAppended),
            async (from, count) =>
            {
                var page = await store.ReadAsync(brandId, from, null, count);
                return (page.TrimmedThrough, page.Entries);
            },
            Entries);
        var timings = new StreamFollowTimings(options.Value.ProgressInterval, options.Value.PollInterval, ProgressAtStart: false);
        await foreach (var item in StreamFollower.FollowAsync(source, readFrom, stored => filter.Matches(stored.Activity), timings, cancellationToken))
        {
            yield return item.Entry is { } stored ? new FeedItem(stored.Position, stored.Activity, stored.Trace) : FeedItem.Progress(item.Position);
        }
    }

    // What is stored from `from` to `to`, both inclusive.
    public async IAsyncEnumerable<StoredActivity> RangeAsync(
        long brandId, StreamCursor from, StreamCursor to, MetricFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = from;
        while (next <= to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await store.ReadAsync(brandId, next, to, StreamFollower.PageSize);
            StreamRetentionCheck.EnsureKept(page.TrimmedThrough, next, Entries);
            foreach (var item in page.Entries)
            {
                next = item.Position.Next();
                if (filter.Matches(item.Activity))
                {
                    yield return item;
                }
            }

            if (page.Entries.Count < StreamFollower.PageSize)
            {
                yield break;
            }
        }
    }
}
