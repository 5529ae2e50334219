using System.Text.Json.Nodes;
using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Tests;

[Collection(EventsCollection.Name)]
public sealed class ExportTests(EventsFixture fixture)
{
    [Fact]
    public async Task An_export_gives_the_range_in_the_pega_shape_for_the_metrics_asked()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("export@teamitg.com", "crm-13");
        var broadcastId = TestBrand.NewBroadcastId();
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var open = await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        var click = await brand.EmitAsync(Activities.Click(customer.Id, broadcastId));
        await Task.Delay(20);
        var end = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));

        var items = await brand.ExportAsync(new ExportRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(start),
            EndTime = Timestamp.FromDateTimeOffset(end),
            Metrics = { Metric.Opens, Metric.Clicks },
        });

        Assert.Equal([open.Cursor, click.Cursor], items.Select(item => item.Cursor));
        Assert.All(items, item => Assert.DoesNotContain('\n', item.Json));
        var exported = items.Select(item => JsonNode.Parse(item.Json)!.AsObject()).ToList();
        Assert.Equal(PegaActivityJson.ToObjectJson(open.Activity), items[0].Json);
        Assert.Equal(["opens", "clicks"], exported.Select(json => (string)json["metric"]!));
        Assert.Equal(open.Activity.Uuid, (string)exported[0]["uuid"]!);
        Assert.Equal(("export@teamitg.com", "teamitg.com", "crm-13"),
            ((string)exported[1]["email_address"]!, (string)exported[1]["email_domain"]!, (string)exported[1]["external_id"]!));
        Assert.Equal("https://www.mokupshop.com/customer/account/", (string)exported[1]["url"]!);
        Assert.Equal("OFFER-17", (string)exported[1]["broadcast_manual_options"]!["UniqueOfferId"]!);
    }

    [Fact]
    public async Task An_export_without_end_runs_to_now_and_without_metrics_gives_all()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("all@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var emitted = new[]
        {
            await brand.BroadcastAsync(customer.Id, broadcastId),
            await brand.EmitAsync(Activities.Plain(Metric.Conversions, customer.Id, broadcastId)),
        };

        var items = await brand.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) });

        Assert.Equal(emitted.Select(result => result.Cursor), items.Select(item => item.Cursor));
    }
}
