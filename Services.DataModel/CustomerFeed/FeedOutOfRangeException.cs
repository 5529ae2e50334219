namespace Deployteq.DataModel.CustomerFeed;

// The checkpoint is older than what Customers keeps: changes were lost to retention.
public sealed class FeedOutOfRangeException(string message) : Exception(message);
