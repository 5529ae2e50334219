namespace Deployteq.DataModel.CustomerFeed;

// The token the feed was opened with no longer works (revoked, expired, lacks the scope).
public sealed class FeedAccessException(string message) : Exception(message);
