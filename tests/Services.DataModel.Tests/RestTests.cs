using System.Net;
using System.Text.Json;
using Deployteq.TestSupport;

namespace Deployteq.DataModel.Tests;

// Every REST route of the README, through the HTTP/1.1 endpoint, with the bearer token in the
// Authorization header and statuses mapped to HTTP codes with a JSON body.
[Collection(DataModelCollection.Name)]
public sealed class RestTests(DataModelFixture fixture)
{
    private static string OrderJson(long customer, string number, string total = "19.99") =>
        "{\"customerId\":\"" + customer + "\",\"values\":{\"order_number\":{\"stringValue\":\"" + number + "\"}," +
        "\"order_date\":{\"dateTimeValue\":\"2024-05-01T10:00:00Z\"},\"total\":{\"decimalValue\":\"" + total + "\"}," +
        "\"currency\":{\"stringValue\":\"EUR\"}}}";

    [Fact]
    public async Task Every_route_works_over_json_with_the_bearer_token()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();

        var created = await brand.RestAsync(HttpMethod.Post, "/v1/modules",
            """{"name":"bookings","keyField":"booking_id","fields":[{"name":"booking_id","type":"FIELD_TYPE_STRING"},{"name":"nights","type":"FIELD_TYPE_INTEGER","required":true}]}""");
        var template = await brand.RestAsync(HttpMethod.Post, "/v1/modules:fromTemplate", """{"template":"MODULE_TEMPLATE_ORDERS"}""");
        var module = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders");
        var modules = await brand.RestAsync(HttpMethod.Get, "/v1/modules?pageSize=1");
        var added = await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/fields",
            """{"fields":[{"name":"coupon","type":"FIELD_TYPE_STRING"},{"name":"points","type":"FIELD_TYPE_STRING"}]}""");
        var patched = await brand.RestAsync(HttpMethod.Patch, "/v1/modules/orders/fields/points", """{"type":"FIELD_TYPE_INTEGER"}""");
        var removed = await brand.RestAsync(HttpMethod.Delete, "/v1/modules/orders/fields/coupon");
        var upserted = await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records", OrderJson(customer, "A-1"));
        var batch = await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records:batchUpsert",
            "{\"records\":[" + OrderJson(customer, "A-2") + "," + OrderJson(customer, "A-3", "oops") + "]}");
        var got = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1");
        var mine = await brand.RestAsync(HttpMethod.Get, $"/v1/customers/{customer}/records/orders?pageSize=1");
        var all = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records?changedSince=2020-01-01T00:00:00Z");
        var history = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1/history");
        var deleted = await brand.RestAsync(HttpMethod.Delete, "/v1/modules/orders/records/A-1");
        var gone = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1");

        foreach (var answer in new[] { created, template, module, modules, added, patched, removed, upserted, batch, got, mine, all, history, deleted })
        {
            Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        }

        Assert.Equal("bookings", created.Json.GetProperty("name").GetString());
        Assert.Equal("orders", module.Json.GetProperty("name").GetString());
        Assert.Single(modules.Json.GetProperty("modules").EnumerateArray());
        Assert.NotEqual("", modules.Json.GetProperty("nextPageToken").GetString());
        Assert.Contains(added.Json.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "coupon");
        Assert.Contains(patched.Json.GetProperty("fields").EnumerateArray(),
            f => f.GetProperty("name").GetString() == "points" && f.GetProperty("type").GetString() == "FIELD_TYPE_INTEGER");
        Assert.DoesNotContain(removed.Json.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "coupon");
        Assert.Equal("A-1", upserted.Json.GetProperty("key").GetString());
        Assert.Equal(customer.ToString(), upserted.Json.GetProperty("customerId").GetString());
        var results = batch.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("A-2", results[0].GetProperty("record").GetProperty("key").GetString());
        Assert.Equal("values.total", results[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal("19.99", got.Json.GetProperty("values").GetProperty("total").GetProperty("decimalValue").GetString());
        Assert.Single(mine.Json.GetProperty("records").EnumerateArray());
        Assert.Equal(2, all.Json.GetProperty("records").GetArrayLength());
        Assert.Equal("created", history.Json.GetProperty("entries")[0].GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task Statuses_map_to_http_codes_with_a_json_status_body()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records", OrderJson(customer, "A-1"));
        await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records", OrderJson(customer, "A-2", "1.00").Replace("\"currency\":{\"stringValue\":\"EUR\"}", "\"status\":{\"stringValue\":\"paid\"},\"currency\":{\"stringValue\":\"EUR\"}"));
        var noCustomersScope = await fixture.TokenAsync(brand, null, "datamodel");
        var noDataModelScope = await fixture.TokenAsync(brand, null, "customers");
        var revoked = await fixture.TokenAsync(brand);
        await fixture.Admin.RevokeTokenAsync(new Deployteq.Customers.V1.RevokeTokenRequest { BrandId = brand.Id, TokenId = await TokenIdAsync(brand, revoked) });
        var otherCustomer = await other.CreateCustomerAsync();

        var cases = new (RestAnswer Answer, HttpStatusCode Http, int Code)[]
        {
            (await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records", OrderJson(customer, "A-3", "1e3")), HttpStatusCode.BadRequest, 3),
            (await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1", null, null), HttpStatusCode.Unauthorized, 16),
            (await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1", null, "dtq_1_1_wrong"), HttpStatusCode.Unauthorized, 16),
            (await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1", null, revoked), HttpStatusCode.Unauthorized, 16),
            (await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1", null, noDataModelScope), HttpStatusCode.Forbidden, 7),
            (await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1", null, noCustomersScope), HttpStatusCode.Forbidden, 7),
            (await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/NOPE"), HttpStatusCode.NotFound, 5),
            (await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records", OrderJson(otherCustomer + 1000, "A-4")), HttpStatusCode.NotFound, 5),
            (await brand.RestAsync(HttpMethod.Post, "/v1/modules:fromTemplate", """{"template":"MODULE_TEMPLATE_ORDERS"}"""), HttpStatusCode.Conflict, 6),
            (await brand.RestAsync(HttpMethod.Delete, "/v1/modules/orders/fields/status"), HttpStatusCode.BadRequest, 9),
            (await brand.RestAsync(HttpMethod.Post, "/v1/modules/orders/records", "{not json"), HttpStatusCode.BadRequest, 3),
        };

        foreach (var (answer, http, code) in cases)
        {
            Assert.True(answer.Status == http, $"{answer.Status} instead of {http}: {answer.Body}");
            Assert.Equal(JsonValueKind.Object, answer.Json.ValueKind);
            Assert.Equal(code, answer.Json.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("message").GetString()));
        }

        // INVALID_ARGUMENT names the field in a google.rpc.BadRequest detail, in JSON too.
        var detail = cases[0].Answer.Json.GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.BadRequest", detail.GetProperty("@type").GetString());
        Assert.Equal("record.values.total", detail.GetProperty("fieldViolations")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_route_that_does_not_exist_is_a_404_with_a_json_status_body()
    {
        var brand = await fixture.NewBrandAsync();

        var missing = await brand.RestAsync(HttpMethod.Get, "/v1/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(5, missing.Json.GetProperty("code").GetInt32());
        Assert.Contains("/v1/nothing/here", missing.Json.GetProperty("message").GetString());
    }

    private async Task<long> TokenIdAsync(TestBrand brand, string token)
    {
        var tokens = await fixture.Admin.ListTokensAsync(new Deployteq.Customers.V1.ListTokensRequest { BrandId = brand.Id });
        // dtq_<brand>_<id>_<secret>
        var id = long.Parse(token.Split('_')[2]);
        return tokens.Tokens.Single(t => t.Id == id).Id;
    }
}
