using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Deployteq.ServiceDefaults.Streams;

// Follows one brand's stream for a reader (Customers' change watchers, Events' subscribers): what
// is kept from a position on, then new entries as they come, until cancelled. Pages are read only
// once the previous one was handed on, so a slow reader holds back its own stream and nobody
// else's; OUT_OF_RANGE the moment its next position has been trimmed.
public static class StreamFollower
{
    public const int PageSize = 500;

    // Progress items (Entry null) after a read whose last entry was not selected, and whenever
    // nothing has been handed on for the progress interval.
    public static async IAsyncEnumerable<StreamItem<TEntry>> FollowAsync<TEntry>(
        StreamSource<TEntry> source,
        StreamCursor readFrom,
        Func<TEntry, bool> selected,
        StreamFollowTimings timings,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TEntry : class, IStreamEntry
    {
        using var wake = new SemaphoreSlim(0);
        // Watching before the first read: a notice that comes in between is not lost.
        await using var watch = await source.Watch(() =>
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        });

        var next = readFrom;
        if (timings.ProgressAtStart)
        {
            yield return new StreamItem<TEntry>(next.Previous(), null);
        }

        // Intervals between items are waits, not recorded times: the process's own stopwatch.
        var lastSent = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (trimmedThrough, entries) = await source.Read(next, PageSize);
            StreamRetentionCheck.EnsureKept(trimmedThrough, next, source.Entries);
            var skipped = false;
            foreach (var entry in entries)
            {
                next = entry.Position.Next();
                skipped = !selected(entry);
                if (!skipped)
                {
                    yield return new StreamItem<TEntry>(entry.Position, entry);
                    lastSent = Stopwatch.GetTimestamp();
                }
            }

            if (skipped)
            {
                yield return new StreamItem<TEntry>(next.Previous(), null);
                lastSent = Stopwatch.GetTimestamp();
            }

            if (entries.Count == PageSize)
            {
                continue;
            }

            var untilProgress = timings.ProgressInterval - Stopwatch.GetElapsedTime(lastSent);
            if (untilProgress <= TimeSpan.Zero)
            {
                yield return new StreamItem<TEntry>(next.Previous(), null);
                lastSent = Stopwatch.GetTimestamp();
                continue;
            }

            // Woken by the append notice; the poll is the safety net for a lost notice.
            await wake.WaitAsync(untilProgress < timings.PollInterval ? untilProgress : timings.PollInterval, cancellationToken);
        }
    }
}
