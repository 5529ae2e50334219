using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class BrandIsolationTests(CustomersFixture fixture)
{
    public static TheoryData<string> Calls() =>
    [
        "GetCustomer", "GetCustomerByEmailAddress", "GetCustomerByExternalId", "UpdateCustomer", "DeleteCustomer",
        "ListCustomerHistory", "RecordBounce", "RecordEngagement", "GetMailability", "AddGroupMembers",
        "ListGroupMembers", "DeleteGroup", "ListCustomerGroups",
    ];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_token_of_brand_A_never_reaches_brand_B(string call)
    {
        var a = await fixture.NewBrandAsync();
        var b = await fixture.NewBrandAsync();
        // Brand A has no customer 1 and no group 1; brand B has both.
        var victim = await b.CreateAsync("victim@example.com", "victim-ext");
        var group = await b.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "B-group" });
        await b.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { victim.Id } });
        var before = await b.SnapshotAsync();

        Func<Task> attempt = call switch
        {
            "GetCustomer" => () => a.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = victim.Id }).ResponseAsync,
            "GetCustomerByEmailAddress" => () => a.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = victim.EmailAddress }).ResponseAsync,
            "GetCustomerByExternalId" => () => a.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = victim.ExternalId }).ResponseAsync,
            "UpdateCustomer" => () => a.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
            {
                Customer = new Customer { Id = victim.Id, EmailAddress = "hijack@example.com" },
                UpdateMask = new FieldMask { Paths = { "email_address" } },
            }).ResponseAsync,
            "DeleteCustomer" => () => a.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = victim.Id }).ResponseAsync,
            "ListCustomerHistory" => () => a.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = victim.Id }).ResponseAsync,
            "RecordBounce" => () => a.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = victim.Id, Type = BounceType.Hard }).ResponseAsync,
            "RecordEngagement" => () => a.Mailability.RecordEngagementAsync(new CustomerRef { CustomerId = victim.Id }).ResponseAsync,
            "GetMailability" => () => a.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = victim.Id }).ResponseAsync,
            "AddGroupMembers" => () => a.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { victim.Id } }).ResponseAsync,
            "ListGroupMembers" => () => a.Groups.ListGroupMembersAsync(new ListGroupMembersRequest { GroupId = group.Id }).ResponseAsync,
            "DeleteGroup" => () => a.Groups.DeleteGroupAsync(new DeleteGroupRequest { GroupId = group.Id }).ResponseAsync,
            "ListCustomerGroups" => () => a.Groups.ListCustomerGroupsAsync(new ListCustomerGroupsRequest { CustomerId = victim.Id }).ResponseAsync,
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, attempt);
        Assert.Equal(before, await b.SnapshotAsync());
    }

    [Fact]
    public async Task Lists_and_imports_stay_within_the_brand()
    {
        var a = await fixture.NewBrandAsync();
        var b = await fixture.NewBrandAsync();
        await b.CreateAsync("shared@example.com");
        await b.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "B only" });

        // The same address is free in brand A: uniqueness is per brand.
        var own = await a.CreateAsync("shared@example.com");
        var customers = await a.Customers.ListCustomersAsync(new ListCustomersRequest());
        var groups = await a.Groups.ListGroupsAsync(new ListGroupsRequest());

        Assert.Equal(own.Id, Assert.Single(customers.Customers).Id);
        Assert.Empty(groups.Groups);
    }
}
