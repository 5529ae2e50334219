using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class CustomerCrudTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Created_customer_is_found_by_id_email_and_external_id()
    {
        var brand = await fixture.NewBrandAsync();
        var created = await brand.CreateAsync("Jane.Doe@Example.com", "crm-1", new() { ["city"] = "Utrecht" });

        Assert.True(created.Id > 0);
        Assert.Equal("Jane.Doe@Example.com", created.EmailAddress);
        Assert.True(created.Mailability.Mailable);
        var byId = await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = created.Id });
        var byEmail = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "jane.doe@example.COM" });
        var byExternalId = await brand.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "crm-1" });
        Assert.Equal(created, byId);
        Assert.Equal(created, byEmail);
        Assert.Equal(created, byExternalId);
        Assert.Equal("Utrecht", byId.Fields["city"]);
    }

    [Fact]
    public async Task System_ids_are_a_sequence_per_brand()
    {
        var first = await fixture.NewBrandAsync();
        var second = await fixture.NewBrandAsync();

        var a1 = await first.CreateAsync("a1@example.com");
        var a2 = await first.CreateAsync("a2@example.com");
        var b1 = await second.CreateAsync("b1@example.com");

        Assert.Equal(1, a1.Id);
        Assert.Equal(2, a2.Id);
        Assert.Equal(1, b1.Id);
    }

    [Fact]
    public async Task External_ids_are_matched_exactly()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("x@example.com", "ABC");

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "abc" }).ResponseAsync);
    }

    [Fact]
    public async Task Update_changes_only_the_masked_fields()
    {
        var brand = await fixture.NewBrandAsync();
        var created = await brand.CreateAsync("old@example.com", "ext-1", new() { ["city"] = "Utrecht", ["tier"] = "gold" });
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));

        var updated = await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = created.Id, EmailAddress = "ignored@example.com", Fields = { ["city"] = "Amsterdam" } },
            UpdateMask = new FieldMask { Paths = { "fields.city", "fields.tier" } },
        });

        Assert.Equal("old@example.com", updated.EmailAddress);
        Assert.Equal("ext-1", updated.ExternalId);
        Assert.Equal("Amsterdam", updated.Fields["city"]);
        Assert.False(updated.Fields.ContainsKey("tier"));
        Assert.True(updated.UpdateTime.ToDateTimeOffset() > created.UpdateTime.ToDateTimeOffset());
        Assert.Equal(updated, await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = created.Id }));
    }

    [Fact]
    public async Task Update_of_fields_replaces_every_custom_field()
    {
        var brand = await fixture.NewBrandAsync();
        var created = await brand.CreateAsync("f@example.com", fields: new() { ["a"] = "1", ["b"] = "2" });

        var updated = await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = created.Id, Fields = { ["c"] = "3" } },
            UpdateMask = new FieldMask { Paths = { "fields" } },
        });

        Assert.Equal(new Dictionary<string, string> { ["c"] = "3" }, updated.Fields.ToDictionary());
    }

    [Fact]
    public async Task Email_change_moves_the_index()
    {
        var brand = await fixture.NewBrandAsync();
        var created = await brand.CreateAsync("before@example.com");

        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = created.Id, EmailAddress = "after@example.com" },
            UpdateMask = new FieldMask { Paths = { "email_address" } },
        });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Customers
            .GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "before@example.com" }).ResponseAsync);
        var found = await brand.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "after@example.com" });
        Assert.Equal(created.Id, found.Id);
        // The old address is free again.
        var other = await brand.CreateAsync("before@example.com");
        Assert.NotEqual(created.Id, other.Id);
    }

    [Fact]
    public async Task External_id_can_be_cleared_and_taken_by_another()
    {
        var brand = await fixture.NewBrandAsync();
        var first = await brand.CreateAsync("one@example.com", "shared");

        var cleared = await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = first.Id, ExternalId = "" },
            UpdateMask = new FieldMask { Paths = { "external_id" } },
        });
        var second = await brand.CreateAsync("two@example.com", "shared");

        Assert.Equal("", cleared.ExternalId);
        var found = await brand.Customers.GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "shared" });
        Assert.Equal(second.Id, found.Id);
    }

    [Fact]
    public async Task Delete_removes_the_customer_and_frees_its_address()
    {
        var brand = await fixture.NewBrandAsync();
        var created = await brand.CreateAsync("gone@example.com", "gone-1");

        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = created.Id });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = created.Id }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = created.Id }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Customers
            .GetCustomerByExternalIdAsync(new GetCustomerByExternalIdRequest { ExternalId = "gone-1" }).ResponseAsync);
        await brand.CreateAsync("gone@example.com", "gone-1");
        var keys = (await brand.SnapshotAsync()).Keys;
        Assert.DoesNotContain(keys, key => key.EndsWith($":h:{created.Id}") || key.EndsWith($":c:{created.Id}"));
    }

    [Fact]
    public async Task List_pages_through_every_customer_once()
    {
        var brand = await fixture.NewBrandAsync();
        for (var i = 0; i < 25; i++)
        {
            await brand.CreateAsync($"p{i}@example.com");
        }

        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = 3 });
        var seen = new List<long>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await brand.Customers.ListCustomersAsync(new ListCustomersRequest { PageSize = 10, PageToken = token });
            Assert.True(page.Customers.Count <= 10);
            seen.AddRange(page.Customers.Select(c => c.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i).Where(id => id != 3), seen);
    }

    [Fact]
    public async Task A_page_of_large_customers_ends_early_within_the_client_limit_and_the_next_page_goes_on()
    {
        var brand = await fixture.NewBrandAsync();
        // 100 fields of 4,096 three-byte characters: about 1.2 MB a customer, so five pass the
        // 4 MiB every gRPC client accepts by default.
        var fields = LargeValues.CustomFields();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await brand.CreateAsync($"large{i}@example.com", fields: fields)).Id);
        }

        var seen = new List<long>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await brand.Customers.ListCustomersAsync(new ListCustomersRequest { PageSize = 1000, PageToken = token });
            Assert.InRange(page.CalculateSize(), 1, 4 * 1024 * 1024);
            Assert.NotEmpty(page.Customers);
            Assert.All(page.Customers, customer => Assert.Equal(100, customer.Fields.Count));
            seen.AddRange(page.Customers.Select(c => c.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(ids, seen);
        Assert.True(pages >= 2, $"{pages} page(s)");
    }
}
