using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.AppHost.Demo;

// A few activities of every metric for the demo customer, in one EmitBatch: a broadcast, then
// what the customer did with it. Each press is a new broadcast, so each is a new set of uuids.
public static class SampleActivities
{
    public static IReadOnlyList<NewActivity> For(long customerId, long broadcastId)
    {
        var broadcast = new BroadcastDetails
        {
            BroadcastType = "MAIL",
            BroadcastEventType = "CAMPAIGNMAIL",
            SubType = "CAMPAIGN",
            CampaignId = 11,
            CampaignName = "Demo campaign",
            ContentId = 21,
            ContentName = "Demo content",
            Subject = "Hello from the AppHost dashboard",
            BroadcastManualOptions = new Struct
            {
                Fields = { ["UniqueOfferId"] = Value.ForString("OFFER-1"), ["InteractionId"] = Value.ForString($"INT-{broadcastId}") },
            },
        };
        var userAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        NewActivity Activity(Metric metric) => new() { Uuid = Guid.NewGuid().ToString(), Metric = metric, CustomerId = customerId, BroadcastId = broadcastId };
        return
        [
            With(Activity(Metric.Broadcasts), a => a.Broadcast = broadcast),
            With(Activity(Metric.Opens), a => a.Open = new OpenDetails { UserAgent = userAgent }),
            With(Activity(Metric.Clicks), a => a.Click = new ClickDetails { UserAgent = userAgent, LinkId = 1, Url = "https://example.com/offer", Alt = "the offer", Tags = { "demo" } }),
            With(Activity(Metric.ShortLinks), a => a.Click = new ClickDetails { UserAgent = userAgent, LinkId = 2, Url = "https://example.com/s/1", Alt = "short link" }),
            With(Activity(Metric.Bounces), a => a.Bounce = new BounceDetails { BounceCode = "4.2.2", BounceReason = "mailbox full", BounceType = BounceType.Soft }),
            Activity(Metric.Complaints),
            Activity(Metric.Unsubscribes),
            Activity(Metric.Conversions),
        ];
    }

    public static async Task<IReadOnlyList<string>> EmitAsync(DemoClients clients, DemoState state, CancellationToken cancellationToken)
    {
        var request = new EmitBatchRequest();
        request.Activities.AddRange(For(state.CustomerId, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var response = await clients.Events.EmitBatchAsync(request, DemoClients.Bearer(state.Token!), cancellationToken: cancellationToken);
        return response.Results.Select(result => result.Activity.Uuid).ToList();
    }

    private static NewActivity With(NewActivity activity, Action<NewActivity> set)
    {
        set(activity);
        return activity;
    }
}
