using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Storage;

// The brands' change feeds, which the customer scripts write in the same step as each change.
public interface IChangeFeedStore
{
    Task<ChangeBounds> GetBoundsAsync(long brandId);

    // Up to `count` changes from `from` on (inclusive), with the bounds as they were at that read.
    Task<(IReadOnlyList<StoredChange> Changes, ChangeBounds Bounds)> ReadAsync(long brandId, StreamCursor from, int count);

    // Calls onAppended whenever a change of the brand is written; dispose to stop.
    Task<IAsyncDisposable> WatchAsync(long brandId, Action onAppended);

    // In one step: records that the follower has applied the feed through `applied`, leased until
    // `expires`; answers with its previous lease's expiry (null when it had none) and the newest
    // position written.
    Task<(DateTimeOffset? PreviousExpiry, StreamCursor Newest)> AcknowledgeAsync(
        long brandId, string follower, StreamCursor applied, DateTimeOffset now, DateTimeOffset expires);

    // The brand's followers as last acknowledged, expired leases included.
    Task<IReadOnlyList<FollowerState>> GetFollowersAsync(long brandId);

    // Trims every brand's feed to the retention, on every primary; how many changes went.
    Task<long> TrimExpiredAsync(CancellationToken cancellationToken);
}
