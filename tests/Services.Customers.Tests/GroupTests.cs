using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class GroupTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Members_are_added_listed_in_pages_and_removed()
    {
        var brand = await fixture.NewBrandAsync();
        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "Newsletter" });
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await brand.CreateAsync($"g{i}@example.com")).Id);
        }

        var added = await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { ids } });
        var again = await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { ids[0] } });
        var removed = await brand.Groups.RemoveGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { ids[0], ids[1] } });

        Assert.Equal(12, added.Changed);
        Assert.Equal(0, again.Changed);
        Assert.Equal(2, removed.Changed);
        Assert.Equal(10, removed.MemberCount);
        var members = new List<long>();
        var token = "";
        do
        {
            var page = await brand.Groups.ListGroupMembersAsync(new ListGroupMembersRequest { GroupId = group.Id, PageSize = 4, PageToken = token });
            members.AddRange(page.CustomerIds);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(ids.Skip(2), members);
    }

    [Fact]
    public async Task Customer_groups_follow_membership_and_deletes()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("member@example.com");
        var a = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "A" });
        var b = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "B" });
        await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = a.Id, CustomerIds = { customer.Id } });
        await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = b.Id, CustomerIds = { customer.Id } });

        var both = await brand.Groups.ListCustomerGroupsAsync(new ListCustomerGroupsRequest { CustomerId = customer.Id });
        await brand.Groups.DeleteGroupAsync(new DeleteGroupRequest { GroupId = a.Id });
        var one = await brand.Groups.ListCustomerGroupsAsync(new ListCustomerGroupsRequest { CustomerId = customer.Id });
        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = customer.Id });
        var listed = await brand.Groups.ListGroupsAsync(new ListGroupsRequest());

        Assert.Equal(new[] { "A", "B" }, both.Groups.Select(g => g.Name));
        Assert.Equal(new[] { "B" }, one.Groups.Select(g => g.Name));
        Assert.Equal(0, Assert.Single(listed.Groups).MemberCount);
    }

    [Fact]
    public async Task Group_names_are_unique_per_brand_regardless_of_case()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "VIP" });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.AlreadyExists, () =>
            brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "vip" }).ResponseAsync);
    }

    [Fact]
    public async Task Adding_an_unknown_customer_changes_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var known = await brand.CreateAsync("known@example.com");
        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "G" });
        var before = await brand.SnapshotAsync();

        var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Groups
            .AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { known.Id, 999 } }).ResponseAsync);

        Assert.Contains("999", error.Status.Detail);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task More_than_a_thousand_ids_is_invalid_argument()
    {
        var brand = await fixture.NewBrandAsync();
        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "Big" });
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Groups.AddGroupMembersAsync(new GroupMembersRequest
        {
            GroupId = group.Id,
            CustomerIds = { Enumerable.Range(1, 1001).Select(i => (long)i) },
        }).ResponseAsync, "customer_ids");

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Exactly_a_thousand_ids_is_accepted()
    {
        var brand = await fixture.NewBrandAsync();
        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "Thousand" });
        using (var import = brand.Customers.ImportCustomers())
        {
            for (var i = 0; i < 1000; i++)
            {
                await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"t{i}@example.com" });
            }

            await import.RequestStream.CompleteAsync();
            Assert.Equal(1000, (await import).Created);
        }

        var result = await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest
        {
            GroupId = group.Id,
            CustomerIds = { Enumerable.Range(1, 1000).Select(i => (long)i) },
        });

        Assert.Equal(1000, result.MemberCount);
    }
}
