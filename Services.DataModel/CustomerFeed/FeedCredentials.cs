namespace Deployteq.DataModel.CustomerFeed;

// What a brand's feed is read with. WatchWith opens the change feed: the internal key when one is
// configured (the feed then runs with no caller), else the latest caller's token. ReconcileWith
// asks Customers which customers still exist: that reads customer data, which the internal key
// never may, so it is always a caller's token of the brand, or null while none has called.
public sealed record FeedCredentials(string WatchWith, string? ReconcileWith);
