using Deployteq.Customers.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class MailabilityTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Five_soft_bounces_make_a_customer_unmailable_and_an_engagement_brings_it_back()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("soft@example.com");
        var states = new List<MailabilityState>();
        for (var i = 0; i < 5; i++)
        {
            states.Add(await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft }));
        }

        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, states.Select(s => s.SoftBounceCount));
        Assert.Equal(new[] { true, true, true, true, false }, states.Select(s => s.Mailable));

        var engaged = await brand.Mailability.RecordEngagementAsync(new CustomerRef { CustomerId = customer.Id });
        Assert.Equal(0, engaged.SoftBounceCount);
        Assert.True(engaged.Mailable);
        Assert.Equal(engaged, (await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.Id })).Mailability);
    }

    [Fact]
    public async Task One_hard_bounce_makes_a_customer_unmailable_and_an_engagement_does_not_undo_it()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("hard@example.com");

        var bounced = await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Hard });
        var engaged = await brand.Mailability.RecordEngagementAsync(new CustomerRef { CustomerId = customer.Id });

        Assert.Equal(1, bounced.HardBounceCount);
        Assert.False(bounced.Mailable);
        Assert.False(engaged.Mailable);
    }

    [Fact]
    public async Task Complaints_count_up_and_an_unsubscribe_stops_mail()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("c@example.com");

        await brand.Mailability.RecordComplaintAsync(new RecordComplaintRequest { CustomerId = customer.Id });
        var complained = await brand.Mailability.RecordComplaintAsync(new RecordComplaintRequest { CustomerId = customer.Id });
        var unsubscribed = await brand.Mailability.RecordUnsubscribeAsync(new CustomerRef { CustomerId = customer.Id });

        Assert.Equal(2, complained.ComplaintCount);
        Assert.True(complained.Mailable);
        Assert.True(unsubscribed.Unsubscribed);
        Assert.False(unsubscribed.Mailable);
        Assert.Equal(unsubscribed, await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id }));
    }

    [Fact]
    public async Task A_new_email_address_resets_the_soft_count_but_a_change_of_case_does_not()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("case@example.com");
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft });
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft });

        var recased = await UpdateEmailAsync(brand, customer.Id, "CASE@example.com");
        var moved = await UpdateEmailAsync(brand, customer.Id, "new-box@example.com");

        Assert.Equal(2, recased.Mailability.SoftBounceCount);
        Assert.Equal("CASE@example.com", recased.EmailAddress);
        Assert.Equal(0, moved.Mailability.SoftBounceCount);
    }

    [Fact]
    public async Task A_bounce_or_complaint_retried_with_its_activity_uuid_counts_once_and_answers_its_own_counts()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("retry@example.com");
        var first = Guid.NewGuid().ToString();
        var complaint = Guid.NewGuid().ToString();

        var bounced = await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft, ActivityUuid = first });
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft, ActivityUuid = Guid.NewGuid().ToString() });
        var retried = await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft, ActivityUuid = first.ToUpperInvariant() });
        var complained = await brand.Mailability.RecordComplaintAsync(new RecordComplaintRequest { CustomerId = customer.Id, ActivityUuid = complaint });
        var complainedAgain = await brand.Mailability.RecordComplaintAsync(new RecordComplaintRequest { CustomerId = customer.Id, ActivityUuid = complaint });
        var now = await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id });

        Assert.Equal(1, bounced.SoftBounceCount);
        Assert.Equal(1, retried.SoftBounceCount);
        Assert.Equal(1, complained.ComplaintCount);
        Assert.Equal(1, complainedAgain.ComplaintCount);
        Assert.Equal(2, now.SoftBounceCount);
        Assert.Equal(1, now.ComplaintCount);
    }

    private static async Task<Customer> UpdateEmailAsync(TestBrand brand, long id, string email) =>
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = id, EmailAddress = email },
            UpdateMask = new FieldMask { Paths = { "email_address" } },
        });
}
