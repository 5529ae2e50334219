namespace Deployteq.DataModel;

public sealed class DataModelOptions
{
    public const string SectionName = "DataModel";

    // Follow Customers' change feed (cascade deletes, keep the customer cache right) of every
    // brand with modules, from the start, with the internal key. Off only in tests that check the
    // read path on its own.
    public bool FeedEnabled { get; set; } = true;

    // A feed silent for this long is treated as lost: the customer cache stops being trusted.
    // Customers sends a progress item every second while idle.
    public TimeSpan FeedSilenceLimit { get; set; } = TimeSpan.FromSeconds(5);

    // Wait between attempts to (re)open a feed.
    public TimeSpan FeedRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    // How often the brands with modules are read again, to follow any that another instance gave
    // its first module (this instance follows its own at once).
    public TimeSpan BrandScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    // Cursors of changes that need no write are saved at most this often (a replay repeats only
    // idempotent work).
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}
