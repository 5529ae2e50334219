using System.Runtime.CompilerServices;
using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Streaming;

// Reads a brand's stream for subscribers and exports. Pages are read only when the previous page
// has been handed on, so a slow reader holds back its own stream and nobody else's (gRPC flow
// control does the rest).
public sealed class ActivityFeed(IActivityStore store, IOptions<EventsOptions> options)
{
    private const int PageSize = 500;

    public async Task<StreamCursor> NowAsync(long brandId) =>
        (await store.GetBoundsAsync(brandId)).LastGenerated.Next();

    // A reader that starts at a position retention has already trimmed would silently miss
    // activities; it is told instead.
    public async Task EnsureKeptAsync(long brandId, StreamCursor readFrom)
    {
        var bounds = await store.GetBoundsAsync(brandId);
        if (bounds.HasTrimmed(readFrom))
        {
            throw new RpcException(new Status(
                StatusCode.OutOfRange,
                $"Activities up to {bounds.TrimmedThrough} have passed retention and are gone; start after that cursor or from the oldest kept."));
        }
    }

    // What is stored from readFrom on, then new activities as they come, until cancelled.
    public async IAsyncEnumerable<StoredActivity> FollowAsync(
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

        var next = readFrom;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await store.ReadAsync(brandId, next, null, PageSize);
            foreach (var item in page)
            {
                next = item.Position.Next();
                if (filter.Matches(item.Activity))
                {
                    yield return item;
                }
            }

            if (page.Count < PageSize)
            {
                // Woken by the append notice; the poll is the safety net for a lost notice.
                await wake.WaitAsync(options.Value.PollInterval, cancellationToken);
            }
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
            foreach (var item in page)
            {
                next = item.Position.Next();
                if (filter.Matches(item.Activity))
                {
                    yield return item;
                }
            }

            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }
}
