namespace Deployteq.DataModel.CustomerFeed;

// Customers as the feed follower sees it: a brand's change feed (with the internal key or a token
// of the brand) and a batch existence check (with a token of the brand only). Throws
// FeedOutOfRangeException, FeedAccessException and FeedBrandGoneException.
public interface ICustomerChangeSource
{
    IAsyncEnumerable<CustomerFeedItem> WatchAsync(long brandId, string credential, FeedStart start, CancellationToken cancellationToken);

    // Says that the follower has applied the brand's feed through cursor (with the feed's credential).
    Task<FeedLease> AcknowledgeAsync(long brandId, string credential, string follower, string cursor, CancellationToken cancellationToken);

    // The ids (at most 1,000) that name no customer of the token's brand.
    Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken);
}
