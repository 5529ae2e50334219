using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.PegaConnector.Tests;

// Valid facts of each metric, as a mail sender, tracker or bounce processor would give them.
public static class Activities
{
    public const string ChromeOnWindows =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36";

    public static NewActivity Broadcast(long customerId, long broadcastId, Struct? options = null) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Metric = Metric.Broadcasts,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Broadcast = new BroadcastDetails
        {
            BroadcastTimestamp = 1589354143,
            BroadcastType = "MAIL",
            BroadcastEventType = "EMAIL",
            SubType = "CAMPAIGN",
            CampaignId = 24,
            CampaignName = "webhook order confirmation",
            CampaignObjectId = 3,
            ContentId = 339,
            ContentName = "Order confirmation",
            Subject = "Bedankt voor je bestelling",
            BroadcastManualOptions = options ?? new Struct
            {
                Fields = { ["UniqueOfferId"] = Value.ForString("OFFER-17"), ["CustomerCount"] = Value.ForNumber(1), ["campagne"] = Value.ForNull() },
            },
        },
    };

    public static NewActivity Open(long customerId, long broadcastId) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Metric = Metric.Opens,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Open = new OpenDetails { UserAgent = ChromeOnWindows },
    };

    public static NewActivity Click(long customerId, long broadcastId, Metric metric = Metric.Clicks) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Metric = metric,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Click = new ClickDetails
        {
            UserAgent = ChromeOnWindows,
            LinkId = 17786,
            Url = "https://www.mokupshop.com/customer/account/",
            Alt = "Menu - Your account",
            Tags = { "account", "menu" },
        },
    };

    public static NewActivity Bounce(long customerId, long broadcastId) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Metric = Metric.Bounces,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Bounce = new BounceDetails { BounceType = BounceType.Soft, BounceCode = "4.2.2", BounceReason = "mailbox full" },
    };

    public static NewActivity Plain(Metric metric, long customerId, long broadcastId) => new()
    {
        Uuid = Guid.NewGuid().ToString(),
        Metric = metric,
        CustomerId = customerId,
        BroadcastId = broadcastId,
    };
}
