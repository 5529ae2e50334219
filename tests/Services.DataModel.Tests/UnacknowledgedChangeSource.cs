using Deployteq.DataModel.CustomerFeed;
using Grpc.Core;

namespace Deployteq.DataModel.Tests;

// Customers' real feed whose acknowledgements never get through (Customers unreachable for them,
// or a Customers without AcknowledgeCustomerChanges): the cache never holds a lease.
public sealed class UnacknowledgedChangeSource(ICustomerChangeSource inner) : ICustomerChangeSource
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public IAsyncEnumerable<CustomerFeedItem> WatchAsync(long brandId, string credential, FeedStart start, CancellationToken cancellationToken) =>
        inner.WatchAsync(brandId, credential, start, cancellationToken);

    public Task<FeedLease> AcknowledgeAsync(long brandId, string credential, string follower, string cursor, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        throw new RpcException(new Status(StatusCode.Unavailable, "acknowledgements are cut off in this test"));
    }

    public Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken) =>
        inner.FindMissingAsync(token, customerIds, cancellationToken);
}
