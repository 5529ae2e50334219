using System.Text;
using System.Text.Json;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.PegaConnector.Tests;

[Collection(PegaCollection.Name)]
public sealed class ContractTests(PegaFixture fixture)
{
    [Fact]
    public async Task Every_selected_metric_arrives_in_the_contract_shape_with_the_right_headers_and_unselected_ones_do_not()
    {
        var brand = await fixture.NewBrandAsync();
        // Everything but conversions; clicks must bring short_links too.
        var installation = await brand.InstallAsync(
            ActivityKind.Broadcasts, ActivityKind.Opens, ActivityKind.Clicks, ActivityKind.Bounces, ActivityKind.Complaints, ActivityKind.Unsubscribes);

        var broadcast = await brand.BroadcastAsync();
        var conversion = (await brand.EmitAsync([Activities.Plain(Metric.Conversions, brand.CustomerId, brand.BroadcastId)]))[0];
        var others = await brand.EmitAsync(
        [
            Activities.Open(brand.CustomerId, brand.BroadcastId),
            Activities.Click(brand.CustomerId, brand.BroadcastId),
            Activities.Click(brand.CustomerId, brand.BroadcastId, Metric.ShortLinks),
            Activities.Bounce(brand.CustomerId, brand.BroadcastId, BounceType.Soft, "4.2.2"),
            Activities.Plain(Metric.Complaints, brand.CustomerId, brand.BroadcastId),
            Activities.Plain(Metric.Unsubscribes, brand.CustomerId, brand.BroadcastId),
        ]);
        var selected = others.Prepend(broadcast).ToList();
        await brand.WaitForArrivalsAsync(selected);
        // The checkpoint passing the conversion's position proves it was read and not sent.
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Counts.Delivered == selected.Count, "the delivered count is 7");

        Assert.Empty(brand.Endpoint.InvalidReasons);
        Assert.False(brand.Endpoint.Counts.ContainsKey(conversion));
        Assert.Equal(selected.Count, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
        var expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{brand.Endpoint.Username}:{brand.Endpoint.Password}"));
        var metrics = new List<string>();
        foreach (var uuid in selected)
        {
            var arrival = brand.Endpoint.FirstArrival(uuid)!;
            Assert.Equal(expectedAuthorization, arrival.Authorization);
            Assert.Equal(uuid, arrival.IdempotencyKey);
            Assert.Equal(uuid, arrival.Activity.GetProperty("uuid").GetString());
            Assert.StartsWith("Deployteq.PegaConnector/", arrival.UserAgent);
            Assert.Equal("application/json", arrival.ContentType);
            Assert.Equal(brand.Id, arrival.Activity.GetProperty("brand_id").GetInt64());
            metrics.Add(arrival.Activity.GetProperty("metric").GetString()!);
        }

        Assert.Equal(["bounces", "broadcasts", "clicks", "complaints", "opens", "short_links", "unsubscribes"], metrics.Order().ToArray());
        var click = brand.Endpoint.FirstArrival(others[1])!.Activity;
        Assert.Equal(JsonValueKind.Array, click.GetProperty("tags").ValueKind);
        Assert.Equal("account", click.GetProperty("tags")[0].GetString());
        Assert.Equal("OFFER-17", click.GetProperty("broadcast_manual_options").GetProperty("UniqueOfferId").GetString());
    }

    [Fact]
    public async Task Option_defaults_apply_only_where_the_activity_has_no_value()
    {
        var brand = await fixture.NewBrandAsync();
        var request = brand.InstallRequest(ActivityKind.Broadcasts);
        request.ManualOptionDefaults = PegaBrand.Options(
            ("UniqueOfferId", Value.ForString("DEFAULT-OFFER")), ("InteractionId", Value.ForNumber(99)), ("campagne", Value.ForString("spring")));
        await brand.Installations.InstallAsync(request);

        // Sets UniqueOfferId, lacks InteractionId, has campagne as null.
        var broadcast = Activities.Broadcast(brand.CustomerId, brand.BroadcastId);
        broadcast.Broadcast.BroadcastManualOptions.Fields.Remove("InteractionId");
        var uuid = (await brand.EmitAsync([broadcast]))[0];
        await brand.WaitForArrivalsAsync([uuid]);

        var options = brand.Endpoint.FirstArrival(uuid)!.Activity.GetProperty("broadcast_manual_options");
        Assert.Equal("OFFER-17", options.GetProperty("UniqueOfferId").GetString());
        Assert.Equal(99, options.GetProperty("InteractionId").GetInt64());
        Assert.Equal("spring", options.GetProperty("campagne").GetString());
        Assert.Equal(1, options.GetProperty("CustomerCount").GetInt64());
    }

    [Fact]
    public async Task Nothing_from_before_the_install_is_sent()
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.BroadcastAsync();
        await brand.InstallAsync(ActivityKind.Broadcasts);
        var after = await brand.BroadcastAsync();
        await brand.WaitForArrivalsAsync([after]);

        Assert.False(brand.Endpoint.Counts.ContainsKey(before));
        Assert.Equal(1, brand.Endpoint.Unique);
    }
}
