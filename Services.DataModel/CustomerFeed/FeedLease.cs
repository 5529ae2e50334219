namespace Deployteq.DataModel.CustomerFeed;

// Customers' answer to an acknowledgement of the feed: how long this service counts as a follower
// whose deletes wait for it, whether it has applied every change so far (Current), and whether its
// previous lease ran on without a gap (Continued).
public sealed record FeedLease(TimeSpan Lease, bool Current, bool Continued);
