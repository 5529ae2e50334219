using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class BadInputTests(CustomersFixture fixture)
{
    // Each case: the call, and the field the INVALID_ARGUMENT must name. Customer 1 exists.
    private static readonly Dictionary<string, (Func<TestBrand, Task> Call, string Field)> Cases = new()
    {
        ["create: no e-mail"] = (b => Create(b, new CreateCustomerRequest()), "email_address"),
        ["create: not an e-mail"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "not-an-address" }), "email_address"),
        ["create: domain without dot"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "a@localhost" }), "email_address"),
        ["create: padded e-mail"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = " a@example.com" }), "email_address"),
        ["create: display name"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "Jane <jane@example.com>" }), "email_address"),
        ["create: two addresses"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "a@example.com,b@example.com" }), "email_address"),
        ["create: long external id"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "ok@example.com", ExternalId = new string('x', 256) }), "external_id"),
        ["create: bad field name"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "ok@example.com", Fields = { ["1st"] = "x" } }), "fields.1st"),
        ["create: dotted field name"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "ok@example.com", Fields = { ["a.b"] = "x" } }), "fields.a.b"),
        ["create: long field value"] = (b => Create(b, new CreateCustomerRequest { EmailAddress = "ok@example.com", Fields = { ["big"] = new string('v', 4097) } }), "fields.big"),
        ["create: too many fields"] = (b => Create(b, new CreateCustomerRequest
        {
            EmailAddress = "ok@example.com",
            Fields = { Enumerable.Range(0, 101).ToDictionary(i => $"f{i}", i => "v") },
        }), "fields"),
        ["get: id 0"] = (b => b.Customers.GetCustomerAsync(new GetCustomerRequest()).ResponseAsync, "customer_id"),
        ["get: negative id"] = (b => b.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = -4 }).ResponseAsync, "customer_id"),
        ["get by e-mail: malformed"] = (b => b.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "x" }).ResponseAsync, "email_address"),
        ["get by external id: empty"] = (b => b.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest()).ResponseAsync, "external_id"),
        ["update: no customer"] = (b => Update(b, null, "email_address"), "customer"),
        ["update: empty mask"] = (b => Update(b, new Customer { Id = 1 }), "update_mask"),
        ["update: unknown path"] = (b => Update(b, new Customer { Id = 1 }, "mailability"), "update_mask"),
        ["update: id path"] = (b => Update(b, new Customer { Id = 1 }, "id"), "update_mask"),
        ["update: bad field path"] = (b => Update(b, new Customer { Id = 1 }, "fields.bad name"), "update_mask"),
        ["update: no id"] = (b => Update(b, new Customer { EmailAddress = "n@example.com" }, "email_address"), "customer.id"),
        ["update: bad e-mail"] = (b => Update(b, new Customer { Id = 1, EmailAddress = "bad" }, "email_address"), "customer.email_address"),
        ["update: mask keeps email but value bad, fields ok"] = (b => Update(b, new Customer { Id = 1, EmailAddress = "", Fields = { ["ok"] = "1" } }, "fields.ok", "email_address"), "customer.email_address"),
        ["list: page size too big"] = (b => b.Customers.ListCustomersAsync(new ListCustomersRequest { PageSize = 1001 }).ResponseAsync, "page_size"),
        ["list: forged page token"] = (b => b.Customers.ListCustomersAsync(new ListCustomersRequest { PageToken = "garbage!" }).ResponseAsync, "page_token"),
        ["history: negative page size"] = (b => b.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = 1, PageSize = -1 }).ResponseAsync, "page_size"),
        ["bounce: no type"] = (b => b.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = 1 }).ResponseAsync, "type"),
        ["bounce: activity uuid not a uuid"] = (b => b.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = 1, Type = BounceType.Soft, ActivityUuid = "42" }).ResponseAsync, "activity_uuid"),
        ["complaint: no id"] = (b => b.Mailability.RecordComplaintAsync(new RecordComplaintRequest()).ResponseAsync, "customer_id"),
        ["group: no name"] = (b => b.Groups.CreateGroupAsync(new CreateGroupRequest()).ResponseAsync, "name"),
        ["group: name too long"] = (b => b.Groups.CreateGroupAsync(new CreateGroupRequest { Name = new string('g', 201) }).ResponseAsync, "name"),
        ["members: none"] = (b => b.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = 1 }).ResponseAsync, "customer_ids"),
        ["members: bad id"] = (b => b.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = 1, CustomerIds = { 1, -1 } }).ResponseAsync, "customer_ids[1]"),
        ["members: no group"] = (b => b.Groups.RemoveGroupMembersAsync(new GroupMembersRequest { CustomerIds = { 1 } }).ResponseAsync, "group_id"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_invalid_argument_naming_the_field_and_changes_nothing(string name)
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("existing@example.com", "existing", new() { ["city"] = "Delft" });
        await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "existing" });
        var before = await brand.SnapshotAsync();
        var (call, field) = Cases[name];

        await GrpcStatusAssert.InvalidArgumentAsync(() => call(brand), field);

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    // A caller learns all that is wrong with a page request in one round trip.
    [Fact]
    public async Task A_list_call_with_a_bad_page_size_and_a_forged_page_token_names_both()
    {
        var brand = await fixture.NewBrandAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Customers.ListCustomersAsync(
            new ListCustomersRequest { PageSize = -1, PageToken = "garbage!" }).ResponseAsync, "page_size", "page_token");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Customers.ListCustomerHistoryAsync(
            new ListCustomerHistoryRequest { CustomerId = 1, PageSize = 1001, PageToken = "garbage!" }).ResponseAsync, "page_size", "page_token");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Groups.ListGroupsAsync(
            new ListGroupsRequest { PageSize = -1, PageToken = "garbage!" }).ResponseAsync, "page_size", "page_token");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Groups.ListGroupMembersAsync(
            new ListGroupMembersRequest { GroupId = 1, PageSize = -1, PageToken = "garbage!" }).ResponseAsync, "page_size", "page_token");
    }

    private static Task Create(TestBrand brand, CreateCustomerRequest request) => brand.Customers.CreateCustomerAsync(request).ResponseAsync;

    private static Task Update(TestBrand brand, Customer? customer, params string[] paths) =>
        brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = customer,
            UpdateMask = paths.Length == 0 ? null : new FieldMask { Paths = { paths } },
        }).ResponseAsync;
}
