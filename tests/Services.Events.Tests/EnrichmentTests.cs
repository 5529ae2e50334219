using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using BounceType = Deployteq.Events.V1.BounceType;

namespace Deployteq.Events.Tests;

// Every metric, emitted with only the facts a sender knows, comes back filled in.
[Collection(EventsCollection.Name)]
public sealed class EnrichmentTests(EventsFixture fixture)
{
    [Fact]
    public async Task A_broadcast_gets_brand_portal_and_customer_fields_and_keeps_its_manual_options()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("person@deployteq.com", "crm-13");
        var broadcastId = TestBrand.NewBroadcastId();

        var result = await brand.BroadcastAsync(customer.Id, broadcastId);

        var activity = result.Activity;
        Assert.False(result.Duplicate);
        Assert.Equal(Metric.Broadcasts, activity.Metric);
        Assert.Equal(0, activity.MetricId);
        Assert.Equal((brand.Brand.PortalId, "mokup", brand.Id, "Mok-Up"), (activity.PortalId, activity.PortalName, activity.BrandId, activity.BrandName));
        Assert.Equal((customer.Id, "crm-13", "person@deployteq.com"), (activity.CustomerId, activity.ExternalId, activity.CustomerEmailAddress));
        Assert.Equal(("person@deployteq.com", "deployteq.com", false), (activity.EmailAddress, activity.EmailDomain, activity.EmailAddressOverride));
        Assert.Equal(broadcastId, activity.BroadcastId);
        Assert.Equal(Activities.Broadcast(customer.Id, broadcastId).Broadcast, activity.Broadcast);
        var options = activity.Broadcast.BroadcastManualOptions.Fields;
        Assert.Equal("OFFER-17", options["UniqueOfferId"].StringValue);
        Assert.Equal(1234567890123d, options["InteractionId"].NumberValue);
        Assert.Equal(Value.KindOneofCase.NullValue, options["campagne"].KindCase);
    }

    [Fact]
    public async Task An_open_carries_its_broadcasts_details_and_what_its_user_agent_tells()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("open@teamitg.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        var human = (await brand.EmitAsync(Activities.Open(customer.Id, broadcastId))).Activity;
        var proxy = (await brand.EmitAsync(Activities.Open(customer.Id, broadcastId, Activities.GmailImageProxy))).Activity;

        Assert.Equal(Activities.Broadcast(customer.Id, broadcastId).Broadcast, human.Broadcast);
        Assert.Equal(("open@teamitg.com", "teamitg.com"), (human.EmailAddress, human.EmailDomain));
        Assert.Equal(new OpenDetails { UserAgent = Activities.ChromeOnWindows, Os = "Windows", Browser = "Chrome" }, human.Open);
        Assert.True(proxy.Open.MachineGenerated);
    }

    [Theory]
    [InlineData(Metric.Clicks)]
    [InlineData(Metric.ShortLinks)]
    public async Task A_click_carries_its_link_fields_broadcast_details_and_user_agent_details(Metric metric)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("click@teamitg.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        var activity = (await brand.EmitAsync(Activities.Click(customer.Id, broadcastId, metric))).Activity;

        Assert.Equal(metric, activity.Metric);
        Assert.Equal("Order confirmation", activity.Broadcast.ContentName);
        var expected = Activities.Click(customer.Id, broadcastId).Click;
        expected.Os = "Windows";
        expected.Browser = "Chrome";
        Assert.Equal(expected, activity.Click);
    }

    [Fact]
    public async Task A_bounce_carries_the_counts_customers_returns_after_it()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("bounce@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        var soft = (await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Soft, "4.2.2"))).Activity;
        var hard = (await brand.EmitAsync(Activities.Bounce(customer.Id, broadcastId, BounceType.Hard))).Activity;

        Assert.Equal((0, 1), (soft.Bounce.BounceCountHard, soft.Bounce.BounceCountSoft));
        Assert.Equal(("4.2.2", "other", BounceType.Soft), (soft.Bounce.BounceCode, soft.Bounce.BounceReason, soft.Bounce.BounceType));
        Assert.Equal((1, 1), (hard.Bounce.BounceCountHard, hard.Bounce.BounceCountSoft));
        Assert.Equal("Bedankt voor je bestelling", hard.Broadcast.Subject);
    }

    [Fact]
    public async Task A_complaint_carries_the_customers_complaint_count()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("complaint@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        await brand.EmitAsync(Activities.Plain(Metric.Complaints, customer.Id, broadcastId));
        var second = (await brand.EmitAsync(Activities.Plain(Metric.Complaints, customer.Id, broadcastId))).Activity;

        Assert.Equal(2, second.Complaint.Complaints);
        var state = await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id });
        Assert.Equal(2, state.ComplaintCount);
    }

    [Fact]
    public async Task An_unsubscribe_marks_the_customer_unsubscribed_in_customers()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("leave@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        var activity = (await brand.EmitAsync(Activities.Plain(Metric.Unsubscribes, customer.Id, broadcastId))).Activity;

        Assert.Equal(Metric.Unsubscribes, activity.Metric);
        Assert.Equal(24, activity.Broadcast.CampaignId);
        var state = await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id });
        Assert.True(state.Unsubscribed);
        Assert.False(state.Mailable);
    }

    [Fact]
    public async Task A_conversion_is_stored_with_its_broadcasts_details_and_changes_no_counter()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("buyer@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        var activity = (await brand.EmitAsync(Activities.Plain(Metric.Conversions, customer.Id, broadcastId))).Activity;

        Assert.Equal((Metric.Conversions, 1L, 339L), (activity.Metric, activity.MetricId, activity.Broadcast.ContentId));
        Assert.Equal(Activity.DetailsOneofCase.None, activity.DetailsCase);
        var state = await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id });
        Assert.Equal(new MailabilityState { CustomerId = customer.Id, Mailable = true }, state);
    }

    [Fact]
    public async Task Metric_ids_count_per_metric_from_one_and_broadcasts_keep_zero()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("count@example.com");
        var broadcastId = TestBrand.NewBroadcastId();

        var ids = new List<(Metric, long)>();
        foreach (var activity in new[]
                 {
                     Activities.Broadcast(customer.Id, broadcastId), Activities.Open(customer.Id, broadcastId),
                     Activities.Open(customer.Id, broadcastId), Activities.Click(customer.Id, broadcastId),
                     Activities.Broadcast(customer.Id, broadcastId), Activities.Open(customer.Id, broadcastId),
                 })
        {
            var stored = (await brand.EmitAsync(activity)).Activity;
            ids.Add((stored.Metric, stored.MetricId));
        }

        Assert.Equal(
            [(Metric.Broadcasts, 0), (Metric.Opens, 1), (Metric.Opens, 2), (Metric.Clicks, 1), (Metric.Broadcasts, 0), (Metric.Opens, 3)],
            ids);
    }

    [Fact]
    public async Task A_missing_uuid_and_timestamp_are_filled_in_and_given_ones_are_kept()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("fill@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var bare = Activities.Broadcast(customer.Id, broadcastId);
        bare.Broadcast.BroadcastTimestamp = 0;
        bare.Broadcast.BroadcastType = "";
        var filled = (await brand.EmitAsync(bare)).Activity;
        var given = Activities.Open(customer.Id, broadcastId);
        given.Uuid = "C69CC862-5C43-4A84-BC53-D38BFAC8FB5C";
        given.MetricTimestamp = 1589801661;
        var kept = (await brand.EmitAsync(given)).Activity;

        Assert.True(Guid.TryParseExact(filled.Uuid, "D", out _));
        Assert.InRange(filled.MetricTimestamp, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal((filled.MetricTimestamp, "MAIL"), (filled.Broadcast.BroadcastTimestamp, filled.Broadcast.BroadcastType));
        Assert.Equal(("c69cc862-5c43-4a84-bc53-d38bfac8fb5c", 1589801661L), (kept.Uuid, kept.MetricTimestamp));
    }

    [Fact]
    public async Task A_broadcast_sent_to_another_address_is_an_override_for_its_later_activities_too()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("own@example.com");
        var other = await brand.CreateCustomerAsync("plain@example.com");
        var broadcastId = TestBrand.NewBroadcastId();

        var broadcast = (await brand.BroadcastAsync(customer.Id, broadcastId, "assistant@elsewhere.nl")).Activity;
        await brand.BroadcastAsync(other.Id, broadcastId);
        var open = (await brand.EmitAsync(Activities.Open(customer.Id, broadcastId))).Activity;
        var otherOpen = (await brand.EmitAsync(Activities.Open(other.Id, broadcastId))).Activity;

        foreach (var activity in new[] { broadcast, open })
        {
            Assert.Equal(("own@example.com", "assistant@elsewhere.nl", "elsewhere.nl", true),
                (activity.CustomerEmailAddress, activity.EmailAddress, activity.EmailDomain, activity.EmailAddressOverride));
        }

        Assert.Equal(("plain@example.com", false), (otherOpen.EmailAddress, otherOpen.EmailAddressOverride));
    }

    [Fact]
    public async Task A_customer_change_reaches_activities_once_the_short_cache_has_expired()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("old@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);

        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = customer.Id, EmailAddress = "new@example.com" },
            UpdateMask = new FieldMask { Paths = { "email_address" } },
        });

        // The cache lives EventsFixture.CustomerCacheLifetime (a second); emits until one carries
        // the change, with a deadline far past that rather than a sleep the machine may outlast.
        var address = await Poll.UntilAsync(
            async () => (await brand.EmitAsync(Activities.Open(customer.Id, broadcastId))).Activity.CustomerEmailAddress,
            address => address != "old@example.com", "an open carried the changed address", Streams.Patience, TimeSpan.FromMilliseconds(100));
        Assert.Equal("new@example.com", address);
    }
}
