using System.Runtime.CompilerServices;
using Deployteq.Customers.V1;
using Deployteq.DataModel.CustomerFeed;

namespace Deployteq.DataModel.Tests;

// Customers' real feed, with its deletes held back until the test releases them: the moment
// between a delete in Customers and DataModel hearing of it, made as long as a test needs.
public sealed class HeldDeletesChangeSource(ICustomerChangeSource inner) : ICustomerChangeSource
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async IAsyncEnumerable<FeedItem> WatchAsync(long brandId, string credential, FeedStart start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in inner.WatchAsync(brandId, credential, start, cancellationToken))
        {
            if (item.Change?.Kind == CustomerChangeKind.Deleted)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }

            yield return item;
        }
    }

    public Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken) =>
        inner.FindMissingAsync(token, customerIds, cancellationToken);
}
