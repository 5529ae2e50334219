using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Customers;
using Deployteq.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.Tests;

// Every item applied is acknowledged (coalesced while a call is under way), so the lease lasts
// while the feed lives, even when nothing changes and each progress item repeats the cursor.
public sealed class FeedAcknowledgementTests
{
    [Fact]
    public async Task A_progress_item_with_the_cursor_acknowledged_before_renews_the_lease_again()
    {
        var source = new ScriptedChangeSource();
        var cache = new CustomerCache(TimeProvider.System, Options.Create(new DataModelOptions()));
        using var acknowledgement = new FeedAcknowledgement(source, cache, TimeProvider.System, NullLogger.Instance, 1, "key");

        acknowledgement.Applied("5-0");
        await Poll.UntilAsync(() => source.Acknowledged.Count == 1, "one change acknowledged");
        acknowledgement.Applied("5-0");
        await Poll.UntilAsync(() => source.Acknowledged.Count == 2, "two changes acknowledged");
        acknowledgement.Applied("6-0");
        await Poll.UntilAsync(() => source.Acknowledged.Count == 3, "three changes acknowledged");

        Assert.Equal(["5-0", "5-0", "6-0"], source.Acknowledged);
    }
}
