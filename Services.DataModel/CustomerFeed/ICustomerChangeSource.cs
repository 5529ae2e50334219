namespace Deployteq.DataModel.CustomerFeed;

// Customers as the feed follower sees it: the brand's change feed and a batch existence check,
// both with a token of the brand. Throws FeedOutOfRangeException and FeedAccessException.
public interface ICustomerChangeSource
{
    IAsyncEnumerable<FeedItem> WatchAsync(string token, FeedStart start, CancellationToken cancellationToken);

    // The ids (at most 1,000) that name no customer of the token's brand.
    Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken);
}
