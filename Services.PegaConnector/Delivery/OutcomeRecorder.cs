using System.Threading.Channels;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;

namespace Deployteq.PegaConnector.Delivery;

// Writes what finished (delivered, or dead with its dead letter) together with each pass's
// checkpoint and the counts: one script call per pass and flush. An activity keeps its slot of
// the concurrency limit until its record is in Redis, so what a crash can send twice (sent, not
// yet recorded) is never more than the limit; a flush gives the slots of all it wrote back at once.
public sealed class OutcomeRecorder(
    SessionContext session, AdaptiveConcurrency limit, RedriveFeed redrive, SessionStatus status, IDeliveryStore store, IInstallationStore installations,
    TimeProvider clock)
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<(DeliveryItem Item, Completion Completion)> _completions =
        Channel.CreateUnbounded<(DeliveryItem, Completion)>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(DeliveryItem item, Completion completion) => _completions.Writer.TryWrite((item, completion));

    // Nothing more comes: the recorder writes what it has and ends.
    public void Complete() => _completions.Writer.TryComplete();

    public async Task RunAsync()
    {
        var reader = _completions.Reader;
        var pending = new List<(DeliveryItem Item, Completion Completion)>();
        while (true)
        {
            var open = true;
            if (!reader.TryPeek(out _))
            {
                // Nothing finished: the checkpoint may still move past positions the stream only
                // reported as progress.
                try
                {
                    using var tick = new CancellationTokenSource(Interval);
                    open = await reader.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            while (pending.Count < MaxBatch && reader.TryRead(out var entry))
            {
                pending.Add(entry);
            }

            foreach (var pass in session.Passes)
            {
                await WriteAsync(pass, pending.Where(entry => entry.Item.Pass == pass).ToList(), pass == session.Passes[0]);
            }

            pending.Clear();
            if (!open && reader.Completion.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(DeliveryPass pass, IReadOnlyList<(DeliveryItem Item, Completion Completion)> done, bool withCounters)
    {
        foreach (var (item, _) in done)
        {
            if (item.Slot is { } slot)
            {
                pass.Window.Finish(slot);
            }
        }

        var checkpoint = pass.Window.Advance()?.ToString();
        var counters = withCounters ? status.TakeCounters() : default;
        var completions = done.Select(entry => entry.Completion).ToList();
        // Until it is written: a delivered record must not be lost to a Redis outage.
        await StorageRetry.UntilDoneAsync(
            () => store.CompleteAsync(session.Key, pass.Name, session.Lease.Token, session.Record.Version, completions, checkpoint, counters),
            status, clock, CancellationToken.None);
        foreach (var (item, _) in done)
        {
            redrive.Forget(item.Uuid);
        }

        if (done.Count > 0)
        {
            limit.Release(done.Count);
        }

        if (pass.IsReplay && pass.ReachedEnd && !pass.Done && pass.Window.Unfinished == 0)
        {
            pass.Done = true;
            await StorageRetry.UntilDoneAsync(() => installations.FinishReplayAsync(session.Key, pass.ReplayId), status, clock, CancellationToken.None);
        }
    }
}
