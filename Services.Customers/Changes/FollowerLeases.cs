using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;

namespace Deployteq.Customers.Changes;

// The services that keep a brand's customers in memory by its change feed (DataModel) acknowledge
// what they have applied, and hold a lease while they do. A delete is acknowledged to its caller
// only once every follower with a running lease has applied it, or its lease has run out (a
// follower acknowledges only as it applies items, so one that is stuck stops renewing); a
// follower trusts what it keeps only while its lease runs. So nothing a follower serves from
// memory outlives a delete its caller has seen acknowledged.
public sealed class FollowerLeases(IChangeFeedStore store, TimeProvider clock, IOptions<ChangeFeedOptions> options)
{
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);

    public async Task<FollowerLease> AcknowledgeAsync(long brandId, string follower, StreamCursor applied)
    {
        var lease = options.Value.FollowerLease;
        var now = clock.GetUtcNow();
        var (previousExpiry, newest) = await store.AcknowledgeAsync(brandId, follower, applied, now, now + lease);
        return new FollowerLease(lease, Current: applied >= newest, Continued: previousExpiry > now);
    }

    // Returns once no follower with a running lease is behind `position`.
    public async Task WaitForAsync(long brandId, StreamCursor position, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            var now = clock.GetUtcNow();
            var behind = (await store.GetFollowersAsync(brandId)).Where(follower => follower.Expires > now && follower.Applied < position).ToList();
            if (behind.Count == 0)
            {
                return;
            }

            var untilExpiry = behind.Min(follower => follower.Expires) - now;
            await Task.Delay(untilExpiry < pause ? untilExpiry : pause, cancellationToken);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }
}
