using Deployteq.Customers.V1;
using Metric = Deployteq.Events.V1.Metric;
using BounceType = Deployteq.Events.V1.BounceType;

namespace Deployteq.Events.Tests;

// The counters in Customers really move with the activities emitted here (CONTRACT.md rules).
[Collection(EventsCollection.Name)]
public sealed class MailabilityTests(EventsFixture fixture)
{
    [Fact]
    public async Task Five_soft_bounces_make_the_customer_unmailable_and_an_open_brings_it_back()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("soft@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        var counts = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            counts.Add((await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2"))).Activity.Bounce.BounceCountSoft);
        }

        var afterBounces = await MailabilityAsync(brand, customer.Id);
        await brand.EmitAsync(Activities.Open(customer.Id, broadcastId));
        var afterOpen = await MailabilityAsync(brand, customer.Id);

        Assert.Equal([1, 2, 3, 4, 5], counts);
        Assert.False(afterBounces.Mailable);
        Assert.Equal((0, true), (afterOpen.SoftBounceCount, afterOpen.Mailable));
    }

    [Fact]
    public async Task A_click_resets_the_soft_count_too()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("click-reset@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2"));

        await brand.EmitAsync(Activities.Click(customer.Id, broadcastId));

        Assert.Equal(0, (await MailabilityAsync(brand, customer.Id)).SoftBounceCount);
    }

    [Fact]
    public async Task An_open_by_a_privacy_proxy_is_not_the_customer_and_resets_nothing()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("proxy-open@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2"));

        var open = (await brand.EmitAsync(Activities.Open(customer.Id, broadcastId, Activities.GmailImageProxy))).Activity;

        Assert.True(open.Open.MachineGenerated);
        Assert.Equal(1, (await MailabilityAsync(brand, customer.Id)).SoftBounceCount);
    }

    [Fact]
    public async Task A_click_by_a_link_scanner_is_not_the_customer_and_resets_nothing_in_a_batch_either()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("scanned@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var scanned = Activities.Click(customer.Id, broadcastId);
        scanned.Click.UserAgent = "Mozilla/5.0 (compatible; Barracuda Sentinel link protection)";
        var shortLink = Activities.Click(customer.Id, broadcastId, Metric.ShortLinks);
        shortLink.Click.UserAgent = "python-requests/2.31.0";

        var response = await brand.Events.EmitBatchAsync(new Events.V1.EmitBatchRequest
        {
            Activities = { Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2"), scanned, shortLink },
        });

        Assert.All(response.Results.Skip(1), result => Assert.True(result.Activity.Click.MachineGenerated));
        Assert.Equal(1, (await MailabilityAsync(brand, customer.Id)).SoftBounceCount);
    }

    [Fact]
    public async Task A_hard_bounce_makes_the_customer_unmailable()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("hard@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        Assert.True((await MailabilityAsync(brand, customer.Id)).Mailable);

        await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Hard));

        var state = await MailabilityAsync(brand, customer.Id);
        Assert.Equal((1, false), (state.HardBounceCount, state.Mailable));
    }

    [Fact]
    public async Task Five_soft_bounces_in_one_batch_count_one_to_five_in_order()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("batch-soft@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var request = new Events.V1.EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, 5).Select(_ => Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2")));

        var response = await brand.Events.EmitBatchAsync(request);

        Assert.Equal([1, 2, 3, 4, 5], response.Results.Select(result => result.Activity.Bounce.BounceCountSoft));
        Assert.False((await MailabilityAsync(brand, customer.Id)).Mailable);
    }

    [Fact]
    public async Task A_bounce_is_recorded_under_its_uuid_so_a_retried_emit_cannot_count_it_twice()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("retried@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var emitted = await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2"));

        // What a retry of this emit asks Customers, had storing the activity failed the first time.
        var retried = await brand.Mailability.RecordBounceAsync(new RecordBounceRequest
        {
            CustomerId = customer.Id,
            Type = Customers.V1.BounceType.Soft,
            ActivityUuid = emitted.Activity.Uuid,
        });

        Assert.Equal(1, retried.SoftBounceCount);
        Assert.Equal(1, (await MailabilityAsync(brand, customer.Id)).SoftBounceCount);
    }

    private static async Task<MailabilityState> MailabilityAsync(TestBrand brand, long customerId) =>
        await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customerId });
}
