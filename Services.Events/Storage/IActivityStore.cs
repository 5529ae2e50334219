using Deployteq.Events.Model;

namespace Deployteq.Events.Storage;

// A brand's activity stream and what belongs to it. Batch methods take many items so that an
// implementation can pipeline them.
public interface IActivityStore
{
    Task<IReadOnlyList<ClaimResult>> ClaimAsync(long brandId, IReadOnlyList<string> uuids, string claim);

    Task ReleaseAsync(long brandId, IReadOnlyList<string> uuids, string claim);

    // Null where the brand has no such broadcast.
    Task<IReadOnlyList<KnownBroadcast?>> GetBroadcastsAsync(long brandId, IReadOnlyList<BroadcastLookup> lookups);

    // Appends in order; an entry whose uuid is stored meanwhile comes back as a duplicate.
    Task<IReadOnlyList<EmitOutcome>> AppendAsync(long brandId, IReadOnlyList<NewEntry> entries);

    Task<StreamBounds> GetBoundsAsync(long brandId);

    // Entries from `from` to `to` (both inclusive; null: the end), oldest first.
    Task<IReadOnlyList<StoredActivity>> ReadAsync(long brandId, StreamCursor from, StreamCursor? to, int count);

    // Calls onAppended whenever something may have been appended to the brand's stream, until
    // the returned handle is disposed.
    Task<IAsyncDisposable> WatchAsync(long brandId, Action onAppended);

    // Trims every brand's stream to the retention period; returns how many entries went.
    Task<long> TrimExpiredAsync(CancellationToken cancellationToken);
}
