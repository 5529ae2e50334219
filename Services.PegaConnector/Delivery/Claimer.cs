using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Microsoft.Extensions.Options;

namespace Deployteq.PegaConnector.Delivery;

// Claims what was read in batches (one Redis round trip per pass in a batch) and hands what is
// ours to send to the scheduler; skips what was delivered before (a replay, a reconnection, a
// restart). Claims only while the scheduler has room, so activities claimed and not finished
// stay bounded.
public sealed class Claimer(
    SessionContext session, DeliveryIntake intake, DeliveryScheduler scheduler, RedriveFeed redrive, SessionStatus status, IDeliveryStore store,
    ConnectorMetrics metrics, IOptions<PegaConnectorOptions> options, TimeProvider clock)
{
    private const int MaxBatch = 128;

    private readonly TimeSpan _markLifetime = options.Value.HttpTimeout + options.Value.InFlightMarkMargin;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<DeliveryItem>(MaxBatch);
        while (true)
        {
            await scheduler.WaitForRoomAsync(cancellationToken);
            batch.Clear();
            batch.Add(await intake.Reader.ReadAsync(cancellationToken));
            while (batch.Count < MaxBatch && intake.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            var states = await ClaimAsync(batch, cancellationToken);
            var claimed = new List<DeliveryItem>(batch.Count);
            for (var index = 0; index < batch.Count; index++)
            {
                var item = batch[index];
                switch (states[index])
                {
                    case DeliveryClaim.Claimed:
                        claimed.Add(item);
                        break;
                    case DeliveryClaim.Finished:
                        // Its record is in Redis already, so its place may be passed at once.
                        if (item.Slot is { } slot)
                        {
                            item.Pass.Window.Finish(slot);
                        }

                        redrive.Forget(item.Uuid);
                        status.CountDuplicate();
                        metrics.DuplicateAvoided(session.Name, 1);
                        break;
                    case DeliveryClaim.Gone:
                        // Uninstalled: stop at once, send nothing more.
                        session.End();
                        return;
                    default:
                        session.Lease.Lose();
                        session.End();
                        return;
                }
            }

            scheduler.Add(claimed);
        }
    }

    // One pipeline per pass in the batch: a constant number of round trips.
    private async Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(IReadOnlyList<DeliveryItem> batch, CancellationToken cancellationToken)
    {
        var states = new DeliveryClaim[batch.Count];
        foreach (var group in batch.Select((item, index) => (item, index)).GroupBy(entry => entry.item.Pass.Name))
        {
            var entries = group.ToList();
            var claimed = await StorageRetry.UntilDoneAsync(
                () => store.ClaimAsync(session.Key, group.Key, entries.Select(entry => entry.item.Uuid).ToList(), session.Lease, _markLifetime),
                status, clock, cancellationToken);
            for (var index = 0; index < entries.Count; index++)
            {
                states[entries[index].index] = claimed[index];
            }
        }

        return states;
    }
}
