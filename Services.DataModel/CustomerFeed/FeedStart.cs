namespace Deployteq.DataModel.CustomerFeed;

// Where a brand's change feed is opened: after the stored checkpoint, or from the oldest change
// Customers still keeps (no checkpoint yet, or after a reconciliation).
public sealed record FeedStart(string? AfterCursor)
{
    public static readonly FeedStart FromOldest = new((string?)null);
}
