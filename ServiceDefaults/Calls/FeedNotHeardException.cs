namespace Deployteq.ServiceDefaults.Calls;

// A watch that ended without a single item: tried again with a longer backoff.
public sealed class FeedNotHeardException(string message) : Exception(message);
