using Deployteq.Events.Model;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Storage;

// A brand's activity stream and what belongs to it. Every batch method is one Redis call,
// whatever the size of the batch.
public interface IActivityStore
{
    Task<IReadOnlyList<ClaimResult>> ClaimAsync(long brandId, IReadOnlyList<string> uuids, string claim);

    Task ReleaseAsync(long brandId, IReadOnlyList<string> uuids, string claim);

    // Null where the brand has no such broadcast.
    Task<IReadOnlyList<KnownBroadcast?>> GetBroadcastsAsync(long brandId, IReadOnlyList<BroadcastLookup> lookups);

    // Appends in order, with stream positions taken from `now`; an entry whose uuid is stored
    // meanwhile comes back as a duplicate.
    Task<IReadOnlyList<EmitOutcome>> AppendAsync(long brandId, IReadOnlyList<NewEntry> entries, DateTimeOffset now);

    Task<StreamBounds> GetBoundsAsync(long brandId);

    // Entries from `from` to `to` (both inclusive; null: the end), oldest first, with the trim
    // mark of the same moment.
    Task<StreamPage> ReadAsync(long brandId, StreamCursor from, StreamCursor? to, int count);

    // Calls onAppended whenever something may have been appended to the brand's stream, until
    // the returned handle is disposed.
    Task<IAsyncDisposable> WatchAsync(long brandId, Action onAppended);

    // Trims every brand's stream to the retention period; returns how many entries went.
    Task<long> TrimExpiredAsync(CancellationToken cancellationToken);
}
