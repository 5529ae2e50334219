using System.Text.Json.Nodes;
using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Tests;

// CONTRACT.md: manual options are per recipient (each personal broadcast carries its own
// InteractionId); a customer's open, click or bounce repeats that customer's own broadcast
// activity, never another recipient's.
[Collection(EventsCollection.Name)]
public sealed class RecipientTests(EventsFixture fixture)
{
    [Fact]
    public async Task Each_recipients_open_and_click_carry_their_own_interaction_id_stored_subscribed_and_exported()
    {
        var brand = await fixture.NewBrandAsync();
        var ann = await brand.CreateCustomerAsync("ann@example.com");
        var bob = await brand.CreateCustomerAsync("bob@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await brand.EmitAsync(PersonalBroadcast(ann.Id, broadcastId, 111, "OFFER-ANN"));
        await brand.EmitAsync(PersonalBroadcast(bob.Id, broadcastId, 222, "OFFER-BOB"));

        var emitted = new[]
        {
            await brand.EmitAsync(Activities.Open(bob.Id, broadcastId)),
            await brand.EmitAsync(Activities.Open(ann.Id, broadcastId)),
            await brand.EmitAsync(Activities.Click(ann.Id, broadcastId)),
            await brand.EmitAsync(Activities.Click(bob.Id, broadcastId)),
        };
        var expected = emitted.ToDictionary(result => result.Activity.Uuid, result => result.Activity.CustomerId == ann.Id ? 111d : 222d);

        Assert.All(emitted, result => Assert.Equal(expected[result.Activity.Uuid], InteractionId(result.Activity)));
        var stored = await StoredAsync(brand);
        Assert.All(expected, pair => Assert.Equal(pair.Value, InteractionId(stored[pair.Key])));
        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var call = await brand.StartAsync(new SubscribeRequest { FromOldest = new Empty() }, timeout.Token);
        var subscribed = (await call.TakeAsync(6, timeout.Token)).Skip(2).Select(item => item.Activity).ToList();
        Assert.All(subscribed, activity => Assert.Equal(expected[activity.Uuid], InteractionId(activity)));
        var exported = (await brand.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(start) }))
            .Select(item => JsonNode.Parse(item.Json)!).Skip(2).ToList();
        Assert.Equal(4, exported.Count);
        Assert.All(exported, json => Assert.Equal(
            expected[(string)json["uuid"]!],
            (double)json["broadcast_manual_options"]!["InteractionId"]!));
        Assert.Equal(["OFFER-BOB", "OFFER-ANN", "OFFER-ANN", "OFFER-BOB"],
            exported.Select(json => (string)json["broadcast_manual_options"]!["UniqueOfferId"]!));
    }

    [Fact]
    public async Task Within_one_batch_each_recipient_gets_their_own_details_and_a_personal_subject_stays_theirs()
    {
        var brand = await fixture.NewBrandAsync();
        var ann = await brand.CreateCustomerAsync("ann-batch@example.com");
        var bob = await brand.CreateCustomerAsync("bob-batch@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var personal = PersonalBroadcast(bob.Id, broadcastId, 222, "OFFER-BOB");
        personal.Broadcast.Subject = "Bob, your order";

        var inBatch = await brand.Events.EmitBatchAsync(new EmitBatchRequest
        {
            Activities =
            {
                PersonalBroadcast(ann.Id, broadcastId, 111, "OFFER-ANN"), personal,
                Activities.Bounce(bob.Id, broadcastId, BounceType.Soft), Activities.Open(ann.Id, broadcastId),
            },
        });
        var later = new[]
        {
            (await brand.EmitAsync(Activities.Click(bob.Id, broadcastId))).Activity,
            (await brand.EmitAsync(Activities.Click(ann.Id, broadcastId))).Activity,
        };

        var bounce = inBatch.Results[2].Activity;
        var open = inBatch.Results[3].Activity;
        Assert.Equal((222d, "Bob, your order"), (InteractionId(bounce), bounce.Broadcast.Subject));
        Assert.Equal((111d, "Bedankt voor je bestelling"), (InteractionId(open), open.Broadcast.Subject));
        Assert.Equal((222d, "Bob, your order"), (InteractionId(later[0]), later[0].Broadcast.Subject));
        Assert.Equal((111d, "Bedankt voor je bestelling"), (InteractionId(later[1]), later[1].Broadcast.Subject));
    }

    [Fact]
    public async Task A_customer_without_a_broadcast_activity_of_their_own_gets_the_shared_details_and_nobody_elses_options()
    {
        var brand = await fixture.NewBrandAsync();
        var ann = await brand.CreateCustomerAsync("ann-only@example.com");
        var forwarded = await brand.CreateCustomerAsync("forwarded@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.EmitAsync(PersonalBroadcast(ann.Id, broadcastId, 111, "OFFER-ANN"));

        var open = (await brand.EmitAsync(Activities.Open(forwarded.Id, broadcastId))).Activity;

        Assert.Equal("Order confirmation", open.Broadcast.ContentName);
        Assert.Empty(open.Broadcast.BroadcastManualOptions.Fields);
    }

    private static NewActivity PersonalBroadcast(long customerId, long broadcastId, double interactionId, string offer)
    {
        var broadcast = Activities.Broadcast(customerId, broadcastId);
        broadcast.Broadcast.BroadcastManualOptions.Fields["InteractionId"] = Value.ForNumber(interactionId);
        broadcast.Broadcast.BroadcastManualOptions.Fields["UniqueOfferId"] = Value.ForString(offer);
        return broadcast;
    }

    private static double InteractionId(Activity activity) =>
        activity.Broadcast.BroadcastManualOptions.Fields["InteractionId"].NumberValue;

    // The activities as they lie in the brand's Redis stream, by uuid.
    private async Task<Dictionary<string, Activity>> StoredAsync(TestBrand brand)
    {
        var entries = await fixture.Redis.Database.StreamRangeAsync($"evt:{{b{brand.Id}}}:stream");
        return entries
            .Select(entry => Activity.Parser.ParseFrom((byte[])entry.Values.Single(value => value.Name == "a").Value!))
            .ToDictionary(activity => activity.Uuid);
    }
}
