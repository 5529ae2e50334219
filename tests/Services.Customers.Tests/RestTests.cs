using System.Net;
using System.Text.Json;
using Deployteq.Customers.Grpc;
using Deployteq.TestSupport;

namespace Deployteq.Customers.Tests;

// Customers, Groups, Mailability, Admin and Identity over REST/JSON (gRPC JSON transcoding): every
// route of customers.proto and admin.proto, with the bearer token in the Authorization header,
// statuses as HTTP codes and a google.rpc.Status JSON body.
[Collection(CustomersCollection.Name)]
public sealed class RestTests(CustomersFixture fixture)
{
    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Patch = HttpMethod.Patch;
    private static readonly HttpMethod Delete = HttpMethod.Delete;

    private static string AdminKey => ServiceFactory<CustomersService>.AdminKey;

    // Every brand route; {c} is a customer and {g} a group of the brand.
    private static readonly (HttpMethod Method, string Path, string? Body)[] BrandRoutes =
    [
        (Post, "/v1/customers", """{"emailAddress":"new@example.com"}"""),
        (Get, "/v1/customers/{c}", null),
        (Get, "/v1/customers:lookupByEmailAddress?emailAddress=jane%40example.com", null),
        (Get, "/v1/customers:lookupByExternalId?externalId=crm-42", null),
        (Patch, "/v1/customers/{c}?updateMask=fields.city", """{"fields":{"city":"Delft"}}"""),
        (Delete, "/v1/customers/{c}", null),
        (Get, "/v1/customers", null),
        (Get, "/v1/customers/{c}/history", null),
        (Post, "/v1/customers:batchGet", """{"customerIds":["{c}"]}"""),
        (Post, "/v1/groups", """{"name":"Newsletter"}"""),
        (Delete, "/v1/groups/{g}", null),
        (Get, "/v1/groups", null),
        (Post, "/v1/groups/{g}:addMembers", """{"customerIds":["{c}"]}"""),
        (Post, "/v1/groups/{g}:removeMembers", """{"customerIds":["{c}"]}"""),
        (Get, "/v1/groups/{g}/members", null),
        (Get, "/v1/customers/{c}/groups", null),
        (Get, "/v1/customers/{c}/mailability", null),
        (Post, "/v1/customers/{c}/mailability:recordBounce", """{"type":"BOUNCE_TYPE_SOFT"}"""),
        (Post, "/v1/customers/{c}/mailability:recordEngagement", null),
        (Post, "/v1/customers/{c}/mailability:recordComplaint", "{}"),
        (Post, "/v1/customers/{c}/mailability:recordUnsubscribe", null),
        (Post, "/v1/mailability:recordEvents", """{"events":[{"customerId":"{c}","kind":"MAILABILITY_EVENT_KIND_SOFT_BOUNCE"}]}"""),
        (Get, "/v1/identity", null),
    ];

    // Every administrator route; {b} is a brand, {u} its API user and {t} a token.
    private static readonly (HttpMethod Method, string Path, string? Body)[] AdminRoutes =
    [
        (Post, "/v1/portals", """{"name":"another"}"""),
        (Post, "/v1/portals/1/brands", """{"name":"another"}"""),
        (Get, "/v1/brands/{b}", null),
        (Delete, "/v1/brands/{b}", null),
        (Post, "/v1/brands/{b}/apiUsers", """{"name":"another"}"""),
        (Get, "/v1/brands/{b}/apiUsers", null),
        (Delete, "/v1/brands/{b}/apiUsers/{u}", null),
        (Post, "/v1/brands/{b}/tokens", """{"apiUserId":"{u}"}"""),
        (Get, "/v1/brands/{b}/tokens", null),
        (Post, "/v1/brands/{b}/tokens/{t}:revoke", null),
        (Delete, "/v1/brands/{b}/tokens/{t}", null),
    ];

    [Fact]
    public async Task Every_customer_group_and_mailability_route_works_over_json_with_the_bearer_token()
    {
        var brand = await fixture.NewBrandAsync();

        var created = await Ok(brand, Post, "/v1/customers", """{"emailAddress":"jane@example.com","externalId":"crm-42","fields":{"city":"Utrecht"}}""");
        var id = created.GetProperty("id").GetString();
        var byEmail = await Ok(brand, Get, "/v1/customers:lookupByEmailAddress?emailAddress=JANE%40example.com");
        var byExternalId = await Ok(brand, Get, "/v1/customers:lookupByExternalId?externalId=crm-42");
        var got = await Ok(brand, Get, $"/v1/customers/{id}");
        var patched = await Ok(brand, Patch, $"/v1/customers/{id}?updateMask=fields.city,email_address",
            """{"emailAddress":"jane.doe@example.com","fields":{"city":"Delft"}}""");
        var listed = await Ok(brand, Get, "/v1/customers?pageSize=10");
        var history = await Ok(brand, Get, $"/v1/customers/{id}/history");
        var batch = await Ok(brand, Post, "/v1/customers:batchGet", $$"""{"customerIds":["{{id}}","999999"],"readMask":"emailAddress"}""");
        var group = await Ok(brand, Post, "/v1/groups", """{"name":"VIP"}""");
        var groupId = group.GetProperty("id").GetString();
        var added = await Ok(brand, Post, $"/v1/groups/{groupId}:addMembers", $$"""{"customerIds":["{{id}}"]}""");
        var members = await Ok(brand, Get, $"/v1/groups/{groupId}/members");
        var groups = await Ok(brand, Get, "/v1/groups");
        var customerGroups = await Ok(brand, Get, $"/v1/customers/{id}/groups");
        var removed = await Ok(brand, Post, $"/v1/groups/{groupId}:removeMembers", $$"""{"customerIds":["{{id}}"]}""");
        var mailability = await Ok(brand, Get, $"/v1/customers/{id}/mailability");
        var bounce = await Ok(brand, Post, $"/v1/customers/{id}/mailability:recordBounce", """{"type":"BOUNCE_TYPE_SOFT"}""");
        var engagement = await Ok(brand, Post, $"/v1/customers/{id}/mailability:recordEngagement");
        var complaint = await Ok(brand, Post, $"/v1/customers/{id}/mailability:recordComplaint", "{}");
        var events = await Ok(brand, Post, "/v1/mailability:recordEvents", $$"""{"events":[{"customerId":"{{id}}","kind":"MAILABILITY_EVENT_KIND_HARD_BOUNCE"}]}""");
        var unsubscribe = await Ok(brand, Post, $"/v1/customers/{id}/mailability:recordUnsubscribe");
        var identity = await Ok(brand, Get, "/v1/identity");
        await Ok(brand, Delete, $"/v1/groups/{groupId}");
        await Ok(brand, Delete, $"/v1/customers/{id}");
        var gone = await brand.RestAsync(Get, $"/v1/customers/{id}");

        Assert.Equal("Utrecht", created.GetProperty("fields").GetProperty("city").GetString());
        Assert.Equal(id, byEmail.GetProperty("id").GetString());
        Assert.Equal(id, byExternalId.GetProperty("id").GetString());
        Assert.Equal("jane@example.com", got.GetProperty("emailAddress").GetString());
        Assert.Equal("jane.doe@example.com", patched.GetProperty("emailAddress").GetString());
        Assert.Equal("Delft", patched.GetProperty("fields").GetProperty("city").GetString());
        Assert.Contains(listed.GetProperty("customers").EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        Assert.Equal(["created", "updated"], history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("jane.doe@example.com", batch.GetProperty("customers")[0].GetProperty("emailAddress").GetString());
        Assert.Equal(["999999"], batch.GetProperty("missingCustomerIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, added.GetProperty("changed").GetInt32());
        Assert.Equal([id], members.GetProperty("customerIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("VIP", groups.GetProperty("groups")[0].GetProperty("name").GetString());
        Assert.Equal("VIP", customerGroups.GetProperty("groups")[0].GetProperty("name").GetString());
        Assert.Equal(1, removed.GetProperty("changed").GetInt32());
        Assert.True(mailability.GetProperty("mailable").GetBoolean());
        Assert.Equal(1, bounce.GetProperty("softBounceCount").GetInt32());
        Assert.Equal(0, engagement.GetProperty("softBounceCount").GetInt32());
        Assert.Equal(1, complaint.GetProperty("complaintCount").GetInt32());
        Assert.Equal(1, events.GetProperty("states")[0].GetProperty("hardBounceCount").GetInt32());
        Assert.True(unsubscribe.GetProperty("unsubscribed").GetBoolean());
        Assert.False(unsubscribe.GetProperty("mailable").GetBoolean());
        Assert.Equal(brand.Id.ToString(), identity.GetProperty("brandId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal(5, gone.Code);
    }

    [Fact]
    public async Task Every_admin_route_works_over_json_with_the_administrator_key()
    {
        var portal = await Admin(Post, "/v1/portals", """{"name":"mokup"}""");
        var brand = await Admin(Post, $"/v1/portals/{portal.GetProperty("id").GetString()}/brands", """{"name":"Mok-Up"}""");
        var b = brand.GetProperty("id").GetString();
        var got = await Admin(Get, $"/v1/brands/{b}");
        var user = await Admin(Post, $"/v1/brands/{b}/apiUsers", """{"name":"crm-sync"}""");
        var u = user.GetProperty("id").GetString();
        var users = await Admin(Get, $"/v1/brands/{b}/apiUsers");
        var created = await Admin(Post, $"/v1/brands/{b}/tokens", $$"""{"apiUserId":"{{u}}","scopes":["customers"]}""");
        var token = created.GetProperty("token").GetString()!;
        var t = created.GetProperty("info").GetProperty("id").GetString();
        var tokens = await Admin(Get, $"/v1/brands/{b}/tokens");
        var identity = await fixture.Rest.RestAsync(Get, "/v1/identity", null, token);
        await Admin(Post, $"/v1/brands/{b}/tokens/{t}:revoke");
        var revoked = await fixture.Rest.RestAsync(Get, "/v1/identity", null, token);
        await Admin(Delete, $"/v1/brands/{b}/tokens/{t}");
        var tokensAfter = await Admin(Get, $"/v1/brands/{b}/tokens");
        await Admin(Delete, $"/v1/brands/{b}/apiUsers/{u}");
        await Admin(Delete, $"/v1/brands/{b}");
        var gone = await fixture.Rest.RestAsync(Get, $"/v1/brands/{b}", null, AdminKey);

        Assert.Equal("Mok-Up", got.GetProperty("name").GetString());
        Assert.Equal("mokup", got.GetProperty("portalName").GetString());
        Assert.Equal("crm-sync", users.GetProperty("apiUsers")[0].GetProperty("name").GetString());
        Assert.StartsWith("dtq_", token);
        Assert.Equal(t, tokens.GetProperty("tokens")[0].GetProperty("id").GetString());
        Assert.True(identity.Status == HttpStatusCode.OK, identity.Body);
        Assert.Equal("crm-sync", identity.Json.GetProperty("apiUserName").GetString());
        Assert.Equal(["customers"], identity.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Equal(16, revoked.Code);
        Assert.Empty(tokensAfter.GetProperty("tokens").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task Every_route_without_a_token_or_with_a_wrong_one_is_401_with_a_json_status()
    {
        var brand = await fixture.NewBrandAsync();
        var (customer, group) = await CustomerAndGroupAsync(brand);
        var routes = BrandRoutes.Select(r => Fill(r, customer, group))
            .Concat(AdminRoutes.Select(r => FillAdmin(r, brand.Id, brand.User.Id, brand.TokenId)));
        var before = await brand.SnapshotAsync();

        foreach (var (method, path, body) in routes)
        {
            foreach (var bearer in new string?[] { null, "dtq_1_1_wrong" })
            {
                var answer = await fixture.Rest.RestAsync(method, path, body, bearer);

                Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{method} {path}: {answer.Status} {answer.Body}");
                Assert.Equal("application/json", answer.ContentType);
                Assert.Equal(16, answer.Code);
                Assert.False(string.IsNullOrEmpty(answer.Json.GetProperty("message").GetString()));
            }
        }

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_token_of_another_brand_finds_nothing_of_this_brand_and_changes_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        var (customer, group) = await CustomerAndGroupAsync(brand);
        var before = await brand.SnapshotAsync();
        var routes = BrandRoutes
            .Where(r => r.Path.Contains("{c}/") || r.Path.EndsWith("{c}") || r.Path.Contains("{g}") || r.Path.Contains(":lookup"))
            .Select(r => Fill(r, customer, group))
            .ToList();

        foreach (var (method, path, body) in routes)
        {
            var answer = await other.RestAsync(method, path, body);

            Assert.True(answer.Status == HttpStatusCode.NotFound, $"{method} {path}: {answer.Status} {answer.Body}");
            Assert.Equal(5, answer.Code);
        }

        // Ids of another brand in a body are not found either, and the Admin routes want the key.
        var batch = await other.RestAsync(Post, "/v1/customers:batchGet", $$"""{"customerIds":["{{customer}}"]}""");
        var events = await other.RestAsync(Post, "/v1/mailability:recordEvents", $$"""{"events":[{"customerId":"{{customer}}","kind":"MAILABILITY_EVENT_KIND_HARD_BOUNCE"}]}""");
        var admin = await other.RestAsync(Get, $"/v1/brands/{brand.Id}");

        Assert.Equal([customer.ToString()], batch.Json.GetProperty("missingCustomerIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, events.Status);
        Assert.Contains("events[0].customer_id", events.FieldViolations);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.Status);
        Assert.Equal(before, await brand.SnapshotAsync());
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes address the brand's customers and groups");
    }

    // Each case: the route, a bad request, and every field the google.rpc.BadRequest must name.
    public static TheoryData<string, string, string?, string[]> BadRequests => new()
    {
        { "POST", "/v1/customers", """{"emailAddress":"not-an-address","externalId":"{{x256}}","fields":{"1st":"x"}}""", ["email_address", "external_id", "fields.1st"] },
        { "GET", "/v1/customers/0", null, ["customer_id"] },
        { "GET", "/v1/customers:lookupByEmailAddress?emailAddress=x", null, ["email_address"] },
        { "GET", "/v1/customers:lookupByExternalId", null, ["external_id"] },
        { "PATCH", "/v1/customers/{c}?updateMask=mailability", "{}", ["update_mask"] },
        { "PATCH", "/v1/customers/{c}?updateMask=email_address", """{"emailAddress":"bad"}""", ["customer.email_address"] },
        { "DELETE", "/v1/customers/-4", null, ["customer_id"] },
        { "GET", "/v1/customers?pageSize=1001", null, ["page_size"] },
        { "GET", "/v1/customers?pageToken=garbage!", null, ["page_token"] },
        { "GET", "/v1/customers/{c}/history?pageSize=-1", null, ["page_size"] },
        { "POST", "/v1/customers:batchGet", """{"customerIds":[]}""", ["customer_ids"] },
        { "POST", "/v1/groups", """{"name":""}""", ["name"] },
        { "DELETE", "/v1/groups/0", null, ["group_id"] },
        { "GET", "/v1/groups?pageSize=-1", null, ["page_size"] },
        { "POST", "/v1/groups/{g}:addMembers", """{"customerIds":["1","-1"]}""", ["customer_ids[1]"] },
        { "POST", "/v1/groups/0:removeMembers", """{"customerIds":["1"]}""", ["group_id"] },
        { "GET", "/v1/groups/0/members", null, ["group_id"] },
        { "GET", "/v1/customers/0/groups", null, ["customer_id"] },
        { "GET", "/v1/customers/0/mailability", null, ["customer_id"] },
        { "POST", "/v1/customers/{c}/mailability:recordBounce", """{"activityUuid":"42"}""", ["type", "activity_uuid"] },
        { "POST", "/v1/customers/0/mailability:recordEngagement", null, ["customer_id"] },
        { "POST", "/v1/customers/0/mailability:recordComplaint", "{}", ["customer_id"] },
        { "POST", "/v1/customers/0/mailability:recordUnsubscribe", null, ["customer_id"] },
        { "POST", "/v1/mailability:recordEvents", """{"events":[{"customerId":"0"}]}""", ["events[0].customer_id", "events[0].kind"] },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_naming_every_refused_field_and_stores_nothing(string method, string path, string? body, string[] fields)
    {
        var brand = await fixture.NewBrandAsync();
        var (customer, group) = await CustomerAndGroupAsync(brand);
        var before = await brand.SnapshotAsync();
        var (_, filledPath, filledBody) = Fill((new HttpMethod(method), path, body?.Replace("{{x256}}", new string('x', 256))), customer, group);

        var answer = await brand.RestAsync(new HttpMethod(method), filledPath, filledBody);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        Assert.Equal(3, answer.Code);
        foreach (var field in fields)
        {
            Assert.Contains(field, answer.FieldViolations);
        }

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Theory]
    [InlineData("POST", "/v1/customers", "{not json")]
    [InlineData("POST", "/v1/customers", """{"emailAddress":42}""")]
    [InlineData("GET", "/v1/customers/abc", null)]
    [InlineData("GET", "/v1/customers?pageSize=many", null)]
    [InlineData("POST", "/v1/customers/1/mailability:recordBounce", """{"type":"BOUNCE_TYPE_SOMETIMES"}""")]
    public async Task A_request_that_cannot_be_read_is_400_with_a_short_json_status(string method, string path, string? body)
    {
        var brand = await fixture.NewBrandAsync();
        var before = await brand.SnapshotAsync();

        var answer = await brand.RestAsync(new HttpMethod(method), path, body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{answer.Status}: {answer.Body}");
        Assert.Equal(3, answer.Code);
        Assert.DoesNotContain("   at ", answer.Body);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Taken_and_missing_answer_409_and_404()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("jane@example.com", "crm-42");

        var taken = await brand.RestAsync(Post, "/v1/customers", """{"emailAddress":"JANE@example.com"}""");
        var missing = await brand.RestAsync(Get, "/v1/customers:lookupByExternalId?externalId=crm-43");
        var missingMember = await brand.RestAsync(Post, "/v1/groups", """{"name":"VIP"}""");
        var addUnknown = await brand.RestAsync(Post, $"/v1/groups/{missingMember.Json.GetProperty("id").GetString()}:addMembers", """{"customerIds":["987654"]}""");

        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal(6, taken.Code);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, addUnknown.Status);
    }

    private async Task<JsonElement> Ok(TestBrand brand, HttpMethod method, string path, string? body = null)
    {
        var answer = await brand.RestAsync(method, path, body);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{method} {path}: {answer.Status} {answer.Body}");
        return answer.Json;
    }

    private async Task<JsonElement> Admin(HttpMethod method, string path, string? body = null)
    {
        var answer = await fixture.Rest.RestAsync(method, path, body, AdminKey);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{method} {path}: {answer.Status} {answer.Body}");
        return answer.Json;
    }

    private static async Task<(long Customer, long Group)> CustomerAndGroupAsync(TestBrand brand)
    {
        var customer = await brand.CreateAsync("jane@example.com", "crm-42", new() { ["city"] = "Utrecht" });
        var group = await brand.Groups.CreateGroupAsync(new V1.CreateGroupRequest { Name = "VIP" });
        return (customer.Id, group.Id);
    }

    private static (HttpMethod Method, string Path, string? Body) Fill((HttpMethod Method, string Path, string? Body) route, long customer, long group) =>
        (route.Method, Fill(route.Path, customer, group)!, Fill(route.Body, customer, group));

    private static string? Fill(string? text, long customer, long group) =>
        text?.Replace("{c}", customer.ToString()).Replace("{g}", group.ToString());

    private static (HttpMethod Method, string Path, string? Body) FillAdmin((HttpMethod Method, string Path, string? Body) route, long brand, long user, long token) =>
        (route.Method, FillAdmin(route.Path, brand, user, token)!, FillAdmin(route.Body, brand, user, token));

    private static string? FillAdmin(string? text, long brand, long user, long token) =>
        text?.Replace("{b}", brand.ToString()).Replace("{u}", user.ToString()).Replace("{t}", token.ToString());
}
