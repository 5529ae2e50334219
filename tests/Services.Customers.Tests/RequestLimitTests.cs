using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Customers.Tests;

// The edge of every limit customers.proto and admin.proto write down: at the limit a call is
// taken, one past it is INVALID_ARGUMENT naming the field, and the refused call changes nothing.
[Collection(CustomersCollection.Name)]
public sealed class RequestLimitTests(CustomersFixture fixture)
{
    private const string ZeroWidthSpace = "\u200B";
    private const string RightToLeftOverride = "\u202E";
    private const string Nul = "\0";

    private sealed record Edge(Func<TestBrand, CustomersFixture, Task> Accepted, Func<TestBrand, CustomersFixture, Task> Refused, string Field);

    private static readonly Dictionary<string, Edge> Edges = new()
    {
        ["e-mail address length"] = new(
            (b, _) => Create(b, Email(254)), (b, _) => Create(b, Email(255)), "email_address"),
        ["e-mail address with a zero-width space"] = new(
            (b, _) => Create(b, "jane@example.com"), (b, _) => Create(b, $"ja{ZeroWidthSpace}ne@example.com"), "email_address"),
        ["e-mail address with a right-to-left override"] = new(
            (b, _) => Create(b, "jane@example.com"), (b, _) => Create(b, $"jane{RightToLeftOverride}moc.elpmaxe@example.com"), "email_address"),
        ["e-mail address with a NUL"] = new(
            (b, _) => Create(b, "jane@example.com"), (b, _) => Create(b, $"jane{Nul}@example.com"), "email_address"),
        ["external id length"] = new(
            (b, _) => Create(b, "x@example.com", new string('e', 255)), (b, _) => Create(b, "x@example.com", new string('e', 256)), "external_id"),
        ["external id with a NUL"] = new(
            (b, _) => Create(b, "x@example.com", "crm 42"), (b, _) => Create(b, "x@example.com", $"crm{Nul}42"), "external_id"),
        ["external id with a zero-width space"] = new(
            (b, _) => Create(b, "x@example.com", "crm-42"), (b, _) => Create(b, "x@example.com", $"crm{ZeroWidthSpace}42"), "external_id"),
        ["external id with a right-to-left override"] = new(
            (b, _) => Create(b, "x@example.com", "crm-42"), (b, _) => Create(b, "x@example.com", $"crm{RightToLeftOverride}24"), "external_id"),
        ["update: external id with a NUL"] = new(
            (b, _) => UpdateExternalId(b, "crm-43"), (b, _) => UpdateExternalId(b, $"crm{Nul}43"), "customer.external_id"),
        ["field name length"] = new(
            (b, _) => Create(b, "x@example.com", fields: new() { [new string('n', 64)] = "v" }),
            (b, _) => Create(b, "x@example.com", fields: new() { [new string('n', 65)] = "v" }),
            $"fields.{new string('n', 64)}…"),
        ["field count"] = new(
            (b, _) => Create(b, "x@example.com", fields: Fields(100)), (b, _) => Create(b, "x@example.com", fields: Fields(101)), "fields"),
        ["field value length"] = new(
            (b, _) => Create(b, "x@example.com", fields: new() { ["note"] = new string('v', 4096) }),
            (b, _) => Create(b, "x@example.com", fields: new() { ["note"] = new string('v', 4097) }), "fields.note"),
        ["field value with a NUL (line breaks are text)"] = new(
            (b, _) => Create(b, "x@example.com", fields: new() { ["note"] = "two\nlines\ttabbed" }),
            (b, _) => Create(b, "x@example.com", fields: new() { ["note"] = $"a{Nul}b" }), "fields.note"),
        ["field value with a right-to-left override"] = new(
            (b, _) => Create(b, "x@example.com", fields: new() { ["note"] = "emoji 👩‍👩‍👧 are text" }),
            (b, _) => Create(b, "x@example.com", fields: new() { ["note"] = $"txt.{RightToLeftOverride}exe" }), "fields.note"),
        ["update mask paths"] = new(
            (b, _) => UpdatePaths(b, 203), (b, _) => UpdatePaths(b, 204), "update_mask"),
        ["group name length"] = new(
            (b, _) => Group(b, new string('g', 200)), (b, _) => Group(b, new string('g', 201)), "name"),
        ["group name with a NUL"] = new(
            (b, _) => Group(b, "newsletter"), (b, _) => Group(b, $"news{Nul}letter"), "name"),
        ["group name with a right-to-left override"] = new(
            (b, _) => Group(b, "newsletter"), (b, _) => Group(b, $"news{RightToLeftOverride}letter"), "name"),
        ["group name with white space first"] = new(
            (b, _) => Group(b, "news letter"), (b, _) => Group(b, " newsletter"), "name"),
        ["group members per call"] = new(
            (b, _) => Members(b, 1000),
            (b, _) => b.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = 1, CustomerIds = { Enumerable.Range(1, 1001).Select(i => (long)i) } }).ResponseAsync,
            "customer_ids"),
        ["portal name length"] = new(
            (_, f) => f.AdminClient.CreatePortalAsync(new CreatePortalRequest { Name = new string('p', 200) }).ResponseAsync,
            (_, f) => f.AdminClient.CreatePortalAsync(new CreatePortalRequest { Name = new string('p', 201) }).ResponseAsync, "name"),
        ["brand name with a NUL"] = new(
            (b, f) => f.AdminClient.CreateBrandAsync(new CreateBrandRequest { PortalId = b.Brand.PortalId, Name = "Mok-Up" }).ResponseAsync,
            (b, f) => f.AdminClient.CreateBrandAsync(new CreateBrandRequest { PortalId = b.Brand.PortalId, Name = $"Mok{Nul}Up" }).ResponseAsync, "name"),
        ["API user name with a zero-width space"] = new(
            (b, f) => f.AdminClient.CreateApiUserAsync(new CreateApiUserRequest { BrandId = b.Id, Name = "crm" }).ResponseAsync,
            (b, f) => f.AdminClient.CreateApiUserAsync(new CreateApiUserRequest { BrandId = b.Id, Name = $"c{ZeroWidthSpace}rm" }).ResponseAsync, "name"),
        ["token description length"] = new(
            (b, f) => Token(b, f, new string('d', 200)), (b, f) => Token(b, f, new string('d', 201)), "description"),
        ["token scopes"] = new(
            (b, f) => Token(b, f, "", Enumerable.Repeat("customers", 16)), (b, f) => Token(b, f, "", Enumerable.Repeat("customers", 17)), "scopes"),
    };

    public static TheoryData<string> EdgeNames() => [.. Edges.Keys];

    [Theory]
    [MemberData(nameof(EdgeNames))]
    public async Task At_the_limit_a_call_is_taken_and_one_past_it_is_invalid_argument_naming_the_field(string name)
    {
        var edge = Edges[name];
        var refusedBrand = await NewBrandAsync();
        var before = await refusedBrand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => edge.Refused(refusedBrand, fixture), edge.Field);
        Assert.Equal(before, await refusedBrand.SnapshotAsync());

        await edge.Accepted(await NewBrandAsync(), fixture);
    }

    private async Task<TestBrand> NewBrandAsync()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("existing@example.com", "existing");
        return brand;
    }

    // An address of exactly this length: a 64-character local part, labels of at most 63.
    private static string Email(int length)
    {
        var labels = new List<string>();
        var remaining = length - "@".Length - ".com".Length - 64;
        while (remaining > 0)
        {
            var label = Math.Min(63, remaining);
            labels.Add(new string((char)('b' + labels.Count), label));
            remaining -= label + 1;
        }

        var address = new string('a', 64) + "@" + string.Join('.', labels) + ".com";
        return address.Length == length ? address : throw new InvalidOperationException($"{address.Length} is not {length}.");
    }

    private static Dictionary<string, string> Fields(int count) => Enumerable.Range(0, count).ToDictionary(i => $"f{i}", _ => "v");

    private static Task Create(TestBrand brand, string email, string externalId = "", Dictionary<string, string>? fields = null) =>
        brand.CreateAsync(email, externalId, fields);

    private static async Task UpdateExternalId(TestBrand brand, string externalId)
    {
        var existing = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "existing@example.com" });
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = existing.Id, ExternalId = externalId },
            UpdateMask = new FieldMask { Paths = { "external_id" } },
        });
    }

    // email_address, external_id, fields, then `fields.<name>` paths for fields the request
    // leaves out (each removes one).
    private static async Task UpdatePaths(TestBrand brand, int count)
    {
        var existing = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "existing@example.com" });
        var paths = new List<string> { "email_address", "external_id", "fields" };
        paths.AddRange(Enumerable.Range(0, count - paths.Count).Select(i => $"fields.r{i}"));
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = existing.Id, EmailAddress = "existing@example.com", ExternalId = "existing", Fields = { ["kept"] = "1" } },
            UpdateMask = new FieldMask { Paths = { paths } },
        });
    }

    private static Task Group(TestBrand brand, string name) =>
        brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = name }).ResponseAsync;

    // As many customers as ids (one import stream), then all added to a group in one call.
    private static async Task Members(TestBrand brand, int count)
    {
        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "members" });
        using (var import = brand.Customers.ImportCustomers())
        {
            // The brand holds one customer already.
            for (var i = 0; i < count - 1; i++)
            {
                await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"m{i}@example.com" });
            }

            await import.RequestStream.CompleteAsync();
            Assert.Equal(count - 1, (await import).Created);
        }

        var all = await brand.Customers.ListCustomersAsync(new ListCustomersRequest { PageSize = count });
        Assert.Equal(count, all.Customers.Count);
        await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { all.Customers.Select(c => c.Id) } });
    }

    private static Task Token(TestBrand brand, CustomersFixture fixture, string description, IEnumerable<string>? scopes = null) =>
        fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest
        {
            BrandId = brand.Id,
            ApiUserId = brand.User.Id,
            Description = description,
            Scopes = { scopes ?? [] },
        }).ResponseAsync;
}
