using System.Diagnostics;
using System.Runtime.CompilerServices;
using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Deployteq.ServiceDefaults.Streams;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Streaming;

// Reads a brand's stream for subscribers and exports. Pages are read only when the previous page
// has been handed on, so a slow reader holds back its own stream and nobody else's (gRPC flow
// control does the rest). Every read comes with the trim mark of the same moment: a reader whose
// next position retention has trimmed is told (OUT_OF_RANGE), at its start or later, and never
// silently skips what it missed.
public sealed class ActivityFeed(IActivityStore store, IOptions<EventsOptions> options)
{
    private const int PageSize = 500;

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
        EnsureKept(bounds.TrimmedThrough, readFrom);
        return readFrom;
    }

    // From a position (a time's first position), which retention must still keep.
    public async Task<StreamCursor> AtAsync(long brandId, StreamCursor readFrom)
    {
        EnsureKept((await store.GetBoundsAsync(brandId)).TrimmedThrough, readFrom);
        return readFrom;
    }

    // What is stored from readFrom on, then new activities as they come, until cancelled; with
    // progress items (see events.proto SubscribeResponse) after a read that skipped unselected
    // activities, and whenever nothing has been sent for the progress interval.
    public async IAsyncEnumerable<FeedItem> FollowAsync(
        long brandId, StreamCursor readFrom, MetricFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
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

        var progressInterval = options.Value.ProgressInterval;
        var next = readFrom;
        // Intervals between items are waits, not recorded times: the process's own stopwatch.
        var lastSent = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await store.ReadAsync(brandId, next, null, PageSize);
            EnsureKept(page.TrimmedThrough, next);
            var skipped = false;
            foreach (var item in page.Entries)
            {
                next = item.Position.Next();
                skipped = !filter.Matches(item.Activity);
                if (!skipped)
                {
                    yield return new FeedItem(item.Position, item.Activity, item.Trace);
                    lastSent = Stopwatch.GetTimestamp();
                }
            }

            if (skipped)
            {
                yield return FeedItem.Progress(next.Previous());
                lastSent = Stopwatch.GetTimestamp();
            }

            if (page.Entries.Count == PageSize)
            {
                continue;
            }

            var untilProgress = progressInterval - Stopwatch.GetElapsedTime(lastSent);
            if (untilProgress <= TimeSpan.Zero)
            {
                yield return FeedItem.Progress(next.Previous());
                lastSent = Stopwatch.GetTimestamp();
                continue;
            }

            // Woken by the append notice; the poll is the safety net for a lost notice.
            var pollInterval = options.Value.PollInterval;
            await wake.WaitAsync(untilProgress < pollInterval ? untilProgress : pollInterval, cancellationToken);
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
            var page = await store.ReadAsync(brandId, next, to, PageSize);
            EnsureKept(page.TrimmedThrough, next);
            foreach (var item in page.Entries)
            {
                next = item.Position.Next();
                if (filter.Matches(item.Activity))
                {
                    yield return item;
                }
            }

            if (page.Entries.Count < PageSize)
            {
                yield break;
            }
        }
    }

    private static void EnsureKept(StreamCursor trimmedThrough, StreamCursor readFrom)
    {
        if (new StreamBounds(StreamCursor.Zero, trimmedThrough).HasTrimmed(readFrom))
        {
            throw new RpcException(new Status(
                StatusCode.OutOfRange,
                $"Activities up to {trimmedThrough} have passed retention and are gone; start after that cursor or from the oldest kept."));
        }
    }
}
