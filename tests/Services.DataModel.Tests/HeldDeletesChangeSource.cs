using System.Runtime.CompilerServices;
using Deployteq.Customers.V1;
using Deployteq.DataModel.CustomerFeed;

namespace Deployteq.DataModel.Tests;

// Customers' real feed, with its deletes held back until the test releases them (or, with
// holdEach, each for that long): the moment between a delete in Customers and DataModel hearing
// of it, made as long as a test needs.
public sealed class HeldDeletesChangeSource(ICustomerChangeSource inner, TimeSpan? holdEach = null) : ICustomerChangeSource
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async IAsyncEnumerable<CustomerFeedItem> WatchAsync(long brandId, string credential, FeedStart start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in inner.WatchAsync(brandId, credential, start, cancellationToken))
        {
            if (item.Change?.Kind == CustomerChangeKind.Deleted)
            {
                await (holdEach is { } hold ? Task.Delay(hold, cancellationToken) : _release.Task.WaitAsync(cancellationToken));
            }

            yield return item;
        }
    }

    public Task<FeedLease> AcknowledgeAsync(long brandId, string credential, string follower, string cursor, CancellationToken cancellationToken) =>
        inner.AcknowledgeAsync(brandId, credential, follower, cursor, cancellationToken);

    public Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken) =>
        inner.FindMissingAsync(token, customerIds, cancellationToken);
}
