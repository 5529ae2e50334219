using Deployteq.Customers.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class HistoryTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Every_change_records_when_who_and_which_fields()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("h@example.com", "h-1", new() { ["city"] = "Delft" });
        var createdAt = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id, EmailAddress = "h2@example.com", Fields = { ["city"] = "Delft", ["tier"] = "gold" } },
            UpdateMask = new FieldMask { Paths = { "email_address", "fields.city", "fields.tier" } },
        });
        // An update that changes nothing records nothing.
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id, Fields = { ["tier"] = "gold" } },
            UpdateMask = new FieldMask { Paths = { "fields.tier" } },
        });
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Hard });

        var history = await brand.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = customer.Id });

        Assert.Equal(new[] { "created", "updated", "bounce" }, history.Entries.Select(e => e.Action));
        Assert.All(history.Entries, e => Assert.Equal(brand.User.Id, e.ApiUserId));
        Assert.All(history.Entries, e => Assert.Equal("crm-sync", e.ApiUserName));
        Assert.Equal(new[] { "email_address", "external_id", "fields.city" }, history.Entries[0].ChangedFields);
        Assert.Equal(new[] { "email_address", "fields.tier" }, history.Entries[1].ChangedFields);
        Assert.Equal(new[] { "mailability.hard_bounce_count" }, history.Entries[2].ChangedFields);
        Assert.Equal(createdAt.ToUnixTimeMilliseconds(), history.Entries[0].Time.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(TimeSpan.FromMinutes(3), history.Entries[1].Time.ToDateTimeOffset() - history.Entries[0].Time.ToDateTimeOffset());
    }

    [Fact]
    public async Task History_is_paged()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("paged@example.com");
        for (var i = 0; i < 6; i++)
        {
            await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
            {
                Customer = new Customer { Id = customer.Id, Fields = { ["n"] = i.ToString() } },
                UpdateMask = new FieldMask { Paths = { "fields.n" } },
            });
        }

        var first = await brand.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = customer.Id, PageSize = 4 });
        var second = await brand.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest
        {
            CustomerId = customer.Id, PageSize = 4, PageToken = first.NextPageToken,
        });

        Assert.Equal(4, first.Entries.Count);
        Assert.NotEqual("", first.NextPageToken);
        Assert.Equal(3, second.Entries.Count);
        Assert.Equal("", second.NextPageToken);
    }
}
