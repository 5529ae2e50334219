using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Samples;

// Valid facts of each metric, as a mail sender, tracker or bounce processor would give them:
// the samples the tests, the benchmarks and the AppHost's demo emit. No uuid: Events gives one,
// so the same request emitted twice is two sets of activities (WithNewUuid when the caller must
// know it before the emit).
public static class Activities
{
    public const string ChromeOnWindows =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36";

    public const string GmailImageProxy = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

    public static NewActivity Broadcast(long customerId, long broadcastId, string emailAddress = "") => new()
    {
        Metric = Metric.Broadcasts,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        EmailAddress = emailAddress,
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
            BroadcastManualOptions = new Struct
            {
                Fields =
                {
                    ["UniqueOfferId"] = Value.ForString("OFFER-17"),
                    ["InteractionId"] = Value.ForNumber(1234567890123),
                    ["CustomerCount"] = Value.ForNumber(1),
                    ["campagne"] = Value.ForNull(),
                },
            },
        },
    };

    public static NewActivity Open(long customerId, long broadcastId, string userAgent = ChromeOnWindows) => new()
    {
        Metric = Metric.Opens,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Open = new OpenDetails { UserAgent = userAgent },
    };

    public static NewActivity Click(long customerId, long broadcastId, Metric metric = Metric.Clicks) => new()
    {
        Metric = metric,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Click = new ClickDetails
        {
            UserAgent = ChromeOnWindows,
            LinkId = 17786,
            Url = "https://www.mokupshop.com/customer/account/",
            Alt = "Menu - Your account",
            GoogleSource = "deployteq",
            GoogleMedium = "email",
            Tags = { "account", "menu" },
        },
    };

    public static NewActivity Bounce(long customerId, long broadcastId, BounceType type, string code = "5.1.2") => new()
    {
        Metric = Metric.Bounces,
        CustomerId = customerId,
        BroadcastId = broadcastId,
        Bounce = new BounceDetails { BounceType = type, BounceCode = code, BounceReason = "other" },
    };

    public static NewActivity Plain(Metric metric, long customerId, long broadcastId) => new()
    {
        Metric = metric,
        CustomerId = customerId,
        BroadcastId = broadcastId,
    };

    // One of each metric for a customer and a broadcast: the broadcast, then what the customer did with it.
    public static IReadOnlyList<NewActivity> EveryMetric(long customerId, long broadcastId) =>
    [
        Broadcast(customerId, broadcastId),
        Open(customerId, broadcastId),
        Click(customerId, broadcastId),
        Click(customerId, broadcastId, Metric.ShortLinks),
        Bounce(customerId, broadcastId, BounceType.Soft, "4.2.2"),
        Plain(Metric.Complaints, customerId, broadcastId),
        Plain(Metric.Unsubscribes, customerId, broadcastId),
        Plain(Metric.Conversions, customerId, broadcastId),
    ];

    public static NewActivity WithNewUuid(this NewActivity activity)
    {
        activity.Uuid = Guid.NewGuid().ToString();
        return activity;
    }
}
