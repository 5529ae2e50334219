using System.Net.Http.Json;
using System.Text.Json;
using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Deployteq.EndToEnd.Tests;

// The main job, from ./run.sh: the demo seed installs the connector against the stand-in, and an
// activity emitted to Events reaches the stand-in in the Pega shape.
[Collection("AppHost")]
public sealed class PegaFlowTests
{
    private static readonly string[] Common =
    [
        "uuid", "metric", "metric_timestamp", "metric_id", "portal_id", "portal_name", "brand_id", "brand_name", "customer_id",
        "external_id", "customer_email_address", "email_address", "email_domain", "email_address_override", "broadcast_id",
        "broadcast_timestamp", "broadcast_type", "broadcast_event_type", "sub_type", "campaign_id", "campaign_name",
        "campaign_object_id", "content_id", "content_name", "subject", "mailing_type", "test_mailing", "broadcast_manual_options",
    ];

    [Fact]
    public async Task Activities_of_every_metric_for_a_new_customer_reach_the_stand_in_in_the_pega_shape()
    {
        await using var host = AppHostProcess.Start();
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(3));
        var (_, token) = host.Demo;
        Assert.Contains("seeded a demo portal and brand", host.Output);
        Assert.Contains("installed the Pega connector for the demo brand", host.Output);
        Assert.Contains("deployteq.events.v1.Events/Emit", host.Output);

        using var customersChannel = GrpcChannel.ForAddress(host.Endpoint("customers", "grpc"));
        using var eventsChannel = GrpcChannel.ForAddress(host.Endpoint("events", "grpc"));
        var customer = await new Customers.V1.Customers.CustomersClient(customersChannel.WithBearer(token))
            .CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "flow@example.com", ExternalId = "crm-flow" });
        var batch = new EmitBatchRequest();
        batch.Activities.AddRange(EveryMetric(customer.Id, broadcastId: 4242));
        var emitted = await new Events.V1.Events.EventsClient(eventsChannel.WithBearer(token)).EmitBatchAsync(batch);
        var uuids = emitted.Results.Select(r => r.Activity.Uuid).ToHashSet();

        using var standIn = new HttpClient { BaseAddress = new Uri(host.Endpoint("pega", "http")) };
        var arrived = await ArrivalsAsync(standIn, uuids);

        Assert.Equal(
            ["bounces", "broadcasts", "clicks", "complaints", "conversions", "opens", "short_links", "unsubscribes"],
            arrived.Select(a => a.GetProperty("metric").GetString()).Order(StringComparer.Ordinal));
        foreach (var activity in arrived)
        {
            foreach (var field in Common)
            {
                Assert.True(activity.TryGetProperty(field, out _), $"{activity.GetProperty("metric")} lacks {field}");
            }

            Assert.Equal(JsonValueKind.Number, activity.GetProperty("metric_timestamp").ValueKind);
            Assert.Equal("flow@example.com", activity.GetProperty("customer_email_address").GetString());
            Assert.Equal("crm-flow", activity.GetProperty("external_id").GetString());
            Assert.Equal(4242, activity.GetProperty("broadcast_id").GetInt64());
        }

        var bounce = arrived.Single(a => a.GetProperty("metric").GetString() == "bounces");
        Assert.Equal("soft", bounce.GetProperty("bounce_type").GetString());
        var click = arrived.Single(a => a.GetProperty("metric").GetString() == "clicks");
        Assert.Equal(JsonValueKind.Array, click.GetProperty("tags").ValueKind);
        Assert.Equal("https://example.com/x", click.GetProperty("url").GetString());

        // The stand-in checked every body against the contract and saw each uuid once.
        var stats = await standIn.GetFromJsonAsync<JsonElement>("/control/endpoints/demo");
        Assert.Equal(0, stats.GetProperty("invalid").GetInt32());
        Assert.Equal(0, stats.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, stats.GetProperty("refused").GetInt32());
    }

    [Fact]
    public async Task The_dashboard_sample_button_emits_every_metric_and_the_pega_panel_shows_them_delivered()
    {
        await using var host = AppHostProcess.Start();
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(3));
        using var dashboard = new DashboardClient(host.DashboardUrl);

        var response = await dashboard.Http.PostAsync("/api/pega/sample-activities", null);
        response.EnsureSuccessStatusCode();
        var uuids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("uuids").EnumerateArray().Select(u => u.GetString()!).ToHashSet();
        Assert.Equal(8, uuids.Count);

        JsonElement panel = default;
        await AppHostProcess.WaitUntilAsync(() =>
        {
            panel = dashboard.Http.GetFromJsonAsync<JsonElement>("/api/pega").GetAwaiter().GetResult();
            return panel.TryGetProperty("installations", out var installations)
                && installations.EnumerateArray().Any(i => i.GetProperty("delivered").GetInt64() >= 8 && i.GetProperty("state").GetString() == "Running");
        }, TimeSpan.FromSeconds(90), "the installation reporting 8 delivered and Running");

        var installation = panel.GetProperty("installations").EnumerateArray().Single();
        Assert.Equal("Running", installation.GetProperty("state").GetString());
        Assert.Equal(0, installation.GetProperty("dead").GetInt64());
        Assert.Equal(8, panel.GetProperty("received").GetProperty("unique").GetInt32());
        var recent = panel.GetProperty("recent").EnumerateArray().Select(r => r.GetProperty("activity").GetProperty("uuid").GetString()).ToHashSet();
        Assert.Subset(recent!, uuids);
        // The panel never shows the stand-in's password or the token.
        var text = panel.GetRawText();
        Assert.DoesNotContain(host.Demo.Token, text);
        Assert.DoesNotContain("authorization", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_second_run_on_the_same_data_reuses_the_demo_brand_and_its_installation()
    {
        var data = Directory.CreateTempSubdirectory("deployteq-apphost-demo-").FullName;
        try
        {
            string firstToken;
            await using (var first = AppHostProcess.Start(new Dictionary<string, string?> { ["APPHOST_DATA_DIR"] = data }))
            {
                await first.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(3));
                firstToken = first.Demo.Token;
            }

            await using var second = AppHostProcess.Start(new Dictionary<string, string?> { ["APPHOST_DATA_DIR"] = data });
            await second.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(3));

            Assert.Equal(firstToken, second.Demo.Token);
            Assert.DoesNotContain("seeded a demo portal", second.Output);
            Assert.DoesNotContain("installed the Pega connector", second.Output);
            using var dashboard = new DashboardClient(second.DashboardUrl);
            JsonElement panel = default;
            await AppHostProcess.WaitUntilAsync(() =>
            {
                panel = dashboard.Http.GetFromJsonAsync<JsonElement>("/api/pega").GetAwaiter().GetResult();
                return panel.TryGetProperty("installations", out _);
            }, TimeSpan.FromSeconds(60), "the Pega panel");
            var installation = Assert.Single(panel.GetProperty("installations").EnumerateArray());
            Assert.Equal($"{second.Endpoint("pega", "http")}/pega/demo", installation.GetProperty("endpointUrl").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<List<JsonElement>> ArrivalsAsync(HttpClient standIn, IReadOnlySet<string> uuids)
    {
        var found = new List<JsonElement>();
        await AppHostProcess.WaitUntilAsync(() =>
        {
            var arrivals = standIn.GetFromJsonAsync<JsonElement>("/control/endpoints/demo/arrivals?last=200").GetAwaiter().GetResult();
            found = arrivals.EnumerateArray().Select(a => a.GetProperty("activity"))
                .Where(a => uuids.Contains(a.GetProperty("uuid").GetString()!)).Select(a => a.Clone()).ToList();
            return found.Count == uuids.Count;
        }, TimeSpan.FromSeconds(90), "every emitted activity at the stand-in");
        return found;
    }

    private static IEnumerable<NewActivity> EveryMetric(long customerId, long broadcastId)
    {
        NewActivity Of(Metric metric) => new() { Metric = metric, CustomerId = customerId, BroadcastId = broadcastId };
        var userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0";
        var broadcast = Of(Metric.Broadcasts);
        broadcast.Broadcast = new BroadcastDetails { BroadcastType = "MAIL", BroadcastEventType = "EMAIL", SubType = "CAMPAIGN", Subject = "Flow" };
        var open = Of(Metric.Opens);
        open.Open = new OpenDetails { UserAgent = userAgent };
        var click = Of(Metric.Clicks);
        click.Click = new ClickDetails { UserAgent = userAgent, LinkId = 1, Url = "https://example.com/x", Tags = { "t1" } };
        var shortLink = Of(Metric.ShortLinks);
        shortLink.Click = new ClickDetails { UserAgent = userAgent, LinkId = 2, Url = "https://example.com/s" };
        var bounce = Of(Metric.Bounces);
        bounce.Bounce = new BounceDetails { BounceCode = "4.2.2", BounceReason = "full", BounceType = Events.V1.BounceType.Soft };
        return [broadcast, open, click, shortLink, bounce, Of(Metric.Complaints), Of(Metric.Unsubscribes), Of(Metric.Conversions)];
    }
}
