namespace Deployteq.Customers;

// Configuration section "Customers:Changes" (environment: Customers__Changes__Retention=7.00:00:00).
public sealed class ChangeFeedOptions
{
    public const string SectionName = "Customers:Changes";

    // Changes older than this are trimmed from a brand's feed; a watcher that asks for a trimmed
    // position gets OUT_OF_RANGE.
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    // A watcher with nothing new gets a progress item this often (and at once when it starts):
    // its cursor to checkpoint, and proof that the feed is alive. Each is also a read of the feed,
    // which covers a lost wake-up notice.
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    // How long an acknowledgement of the feed (AcknowledgeCustomerChanges) makes its sender a
    // follower whose deletes wait for it; it acknowledges again with every item it applies, and a
    // progress item comes every ProgressInterval, so this is a few of those.
    public TimeSpan FollowerLease { get; set; } = TimeSpan.FromSeconds(5);

    // How often the feeds of brands that stopped changing are trimmed (a change trims its own).
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}
