using System.Net;
using System.Text.Json.Nodes;
using Deployteq.Events.Grpc;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Google.Protobuf;

namespace Deployteq.Events.Tests;

// Emit, EmitBatch and the export download over REST/JSON (gRPC JSON transcoding), with the bearer
// token in the Authorization header, statuses as HTTP codes and a google.rpc.Status JSON body.
[Collection(EventsCollection.Name)]
public sealed class RestTests(EventsFixture fixture)
{
    private const string ExportPath = "/v1/activities:export?startTime=2020-01-01T00:00:00Z";

    [Fact]
    public async Task An_activity_emitted_over_json_is_stored_once_enriched_and_exported_as_json_lines()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("rest@example.com", "crm-7");
        var broadcastId = TestBrand.NewBroadcastId();
        var broadcast = Activities.Broadcast(customer.Id, broadcastId);
        broadcast.Uuid = Guid.NewGuid().ToString();

        var emitted = await brand.RestAsync(HttpMethod.Post, "/v1/activities", Json(broadcast));
        var again = await brand.RestAsync(HttpMethod.Post, "/v1/activities", Json(broadcast));
        var batch = await brand.RestAsync(HttpMethod.Post, "/v1/activities:batchEmit",
            $"{{\"activities\":[{Json(Activities.Open(customer.Id, broadcastId))},{Json(Activities.Click(customer.Id, broadcastId))}]}}");
        var export = await brand.RestAsync(HttpMethod.Get, ExportPath);
        var opensOnly = await brand.RestAsync(HttpMethod.Get, ExportPath + "&metrics=METRIC_OPENS&metrics=METRIC_CLICKS");

        Assert.True(emitted.Status == HttpStatusCode.OK, emitted.Body);
        Assert.Equal(broadcast.Uuid, emitted.Json.GetProperty("uuid").GetString());
        Assert.Equal("rest@example.com", emitted.Json.GetProperty("activity").GetProperty("customerEmailAddress").GetString());
        Assert.Equal(customer.Id.ToString(), emitted.Json.GetProperty("activity").GetProperty("customerId").GetString());
        Assert.True(again.Json.GetProperty("duplicate").GetBoolean());
        Assert.Equal(emitted.Json.GetProperty("cursor").GetString(), again.Json.GetProperty("cursor").GetString());
        Assert.True(batch.Status == HttpStatusCode.OK, batch.Body);
        Assert.Equal(2, batch.Json.GetProperty("results").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal(EventsService.JsonLinesContentType, export.ContentType);
        var lines = export.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        Assert.Equal(["broadcasts", "opens", "clicks"], lines.Select(line => (string)line["metric"]!));
        Assert.Equal(broadcast.Uuid, (string)lines[0]["uuid"]!);
        Assert.Equal("crm-7", (string)lines[2]["external_id"]!);
        Assert.EndsWith("\n", export.Body);
        Assert.Equal(["opens", "clicks"], opensOnly.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (string)JsonNode.Parse(line)!["metric"]!));
    }

    [Fact]
    public async Task Every_route_without_a_token_or_without_its_scope_is_refused_with_a_json_status()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("rest@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var readOnly = await fixture.TokenAsync(brand, Scopes.EventsRead);
        var emitOnly = await fixture.TokenAsync(brand, Scopes.EventsEmit, Scopes.Customers, Scopes.Mailability);
        var before = await brand.SnapshotAsync();
        var broadcast = Json(Activities.Broadcast(customer.Id, broadcastId));
        var routes = new (HttpMethod Method, string Path, string? Body, string Scoped)[]
        {
            (HttpMethod.Post, "/v1/activities", broadcast, readOnly),
            (HttpMethod.Post, "/v1/activities:batchEmit", $"{{\"activities\":[{broadcast}]}}", readOnly),
            (HttpMethod.Get, ExportPath, null, emitOnly),
        };

        foreach (var (method, path, body, withoutScope) in routes)
        {
            var none = await fixture.EventsRest.RestAsync(method, path, body, null);
            var wrong = await fixture.EventsRest.RestAsync(method, path, body, "dtq_1_1_wrong");
            var unscoped = await fixture.EventsRest.RestAsync(method, path, body, withoutScope);

            Assert.True(none.Status == HttpStatusCode.Unauthorized, $"{path}: {none.Status} {none.Body}");
            Assert.Equal(16, none.Code);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
            Assert.Equal(16, wrong.Code);
            Assert.True(unscoped.Status == HttpStatusCode.Forbidden, $"{path}: {unscoped.Status} {unscoped.Body}");
            Assert.Equal(7, unscoped.Code);
        }

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_token_of_another_brand_cannot_emit_for_this_brands_customer_nor_export_its_activities()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("mine@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var before = await brand.SnapshotAsync();

        var emit = await other.RestAsync(HttpMethod.Post, "/v1/activities", Json(Activities.Open(customer.Id, broadcastId)));
        var batch = await other.RestAsync(HttpMethod.Post, "/v1/activities:batchEmit", $"{{\"activities\":[{Json(Activities.Open(customer.Id, broadcastId))}]}}");
        var export = await other.RestAsync(HttpMethod.Get, ExportPath);

        Assert.Equal(HttpStatusCode.NotFound, emit.Status);
        Assert.Equal(5, emit.Code);
        Assert.Contains("activity.customer_id", emit.FieldViolations);
        Assert.Equal(HttpStatusCode.NotFound, batch.Status);
        Assert.Contains("activities[0].customer_id", batch.FieldViolations);
        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal("", export.Body);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Bad_input_is_400_naming_every_refused_field_and_stores_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("rest@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var before = await brand.SnapshotAsync();
        var script = Activities.Click(customer.Id, broadcastId);
        script.Click.Url = "javascript:alert(1)";
        script.Click.Tags.Add("");
        var cases = new (HttpMethod Method, string Path, string? Body, string[] Fields)[]
        {
            (HttpMethod.Post, "/v1/activities", Json(script), ["activity.click.url", "activity.click.tags[2]"]),
            (HttpMethod.Post, "/v1/activities", "{}", ["activity.metric", "activity.customer_id", "activity.broadcast_id"]),
            (HttpMethod.Post, "/v1/activities:batchEmit", "{}", ["activities"]),
            (HttpMethod.Post, "/v1/activities:batchEmit", $"{{\"activities\":[{Json(Activities.Open(customer.Id, broadcastId))},{Json(script)}]}}", ["activities[1].click.url"]),
            (HttpMethod.Get, "/v1/activities:export", null, ["start_time"]),
            (HttpMethod.Get, "/v1/activities:export?startTime=2030-01-01T00:00:00Z&endTime=2020-01-01T00:00:00Z&metrics=METRIC_UNSPECIFIED", null, ["end_time", "metrics[0]"]),
        };

        foreach (var (method, path, body, fields) in cases)
        {
            var answer = await brand.RestAsync(method, path, body);

            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{path}: {answer.Status} {answer.Body}");
            Assert.Equal(3, answer.Code);
            foreach (var field in fields)
            {
                Assert.True(answer.FieldViolations.Contains(field), $"{path}: '{field}' not among {string.Join(", ", answer.FieldViolations)}");
            }
        }

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"metric":"METRIC_SOMETHING"}""")]
    [InlineData("""{"customerId":"twelve"}""")]
    public async Task A_body_that_cannot_be_read_is_400_with_a_json_status_and_stores_nothing(string body)
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/activities", body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        Assert.Equal(3, answer.Code);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_body_past_the_4_mib_request_limit_is_refused_as_over_grpc()
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();
        var huge = new string('x', 5 * 1024 * 1024);

        var answer = await brand.RestAsync(HttpMethod.Post, "/v1/activities", $"{{\"metric\":\"METRIC_OPENS\",\"open\":{{\"userAgent\":\"{huge}\"}}}}");

        Assert.True(answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{answer.Status}: {answer.Body[..Math.Min(300, answer.Body.Length)]}");
        Assert.True(answer.Body.Length < 1000, $"{answer.Body.Length} characters");
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    private static string Json(NewActivity activity) => JsonFormatter.Default.Format(activity);
}
