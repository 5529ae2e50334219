using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.Customers.Tests;

// The calls other services make for a whole batch of theirs (BatchGetCustomers,
// RecordMailabilityEvents): the contract of customers.proto, one Redis command per call.
[Collection(CustomersCollection.Name)]
public sealed class BatchCallTests(CustomersFixture fixture)
{
    [Fact]
    public async Task Batch_get_answers_found_customers_in_first_mention_order_and_lists_the_missing_ids_once_in_request_order()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        var a = await brand.CreateAsync("a@example.com", "crm-a", new() { ["city"] = "Delft" });
        var b = await brand.CreateAsync("b@example.com");
        var gone = await brand.CreateAsync("gone@example.com");
        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = gone.Id });
        // The other brand's fourth customer: an id this brand has never given out.
        Customer foreign = null!;
        for (var i = 0; i < 4; i++)
        {
            foreign = await other.CreateAsync($"foreign{i}@example.com");
        }

        var response = await brand.Customers.BatchGetCustomersAsync(new BatchGetCustomersRequest
        {
            CustomerIds = { b.Id, 9_999_999, a.Id, gone.Id, b.Id, 9_999_999, foreign.Id },
        });

        Assert.Equal([b, a], response.Customers);
        Assert.Equal([9_999_999, gone.Id, foreign.Id], response.MissingCustomerIds);
    }

    [Fact]
    public async Task Batch_get_of_a_thousand_ids_is_one_redis_command_as_is_a_batch_of_one()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("many@example.com");
        var thousand = new BatchGetCustomersRequest { CustomerIds = { Enumerable.Range(0, 1000).Select(i => customer.Id + i) } };
        var one = new BatchGetCustomersRequest { CustomerIds = { customer.Id } };
        await brand.Customers.BatchGetCustomersAsync(one);

        var forOne = await fixture.Redis.RecordAsync(() => brand.Customers.BatchGetCustomersAsync(one).ResponseAsync);
        BatchGetCustomersResponse? response = null;
        var forThousand = await fixture.Redis.RecordAsync(async () => response = await brand.Customers.BatchGetCustomersAsync(thousand));

        Assert.Equal(customer, Assert.Single(response!.Customers));
        Assert.Equal(999, response.MissingCustomerIds.Count);
        Assert.Equal(forOne, forThousand);
        Assert.True(forThousand.Count <= 3, string.Join(", ", forThousand));
    }

    [Fact]
    public async Task Batch_get_with_a_read_mask_answers_only_the_named_fields_and_the_id()
    {
        var brand = await fixture.NewBrandAsync();
        var a = await brand.CreateAsync("mask@example.com", "crm-mask", new() { ["city"] = "Delft" });

        var response = await brand.Customers.BatchGetCustomersAsync(new BatchGetCustomersRequest
        {
            CustomerIds = { a.Id },
            ReadMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "email_address", "external_id" } },
        });

        Assert.Equal(new Customer { Id = a.Id, EmailAddress = "mask@example.com", ExternalId = "crm-mask" }, Assert.Single(response.Customers));
    }

    [Theory]
    [InlineData("fields.city")]
    [InlineData("no_such_field")]
    [InlineData("email_address,email_address")]
    [InlineData("id,email_address,external_id,fields,mailability,create_time,update_time,id")]
    public async Task Batch_get_with_a_bad_read_mask_is_invalid_naming_it(string paths)
    {
        var brand = await fixture.NewBrandAsync();
        var request = new BatchGetCustomersRequest { CustomerIds = { 1 }, ReadMask = new Google.Protobuf.WellKnownTypes.FieldMask() };
        request.ReadMask.Paths.AddRange(paths.Split(','));

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Customers.BatchGetCustomersAsync(request).ResponseAsync, "read_mask");
    }

    [Fact]
    public async Task Batch_get_of_large_customers_answers_what_fits_the_client_limit_and_lists_the_rest_as_unanswered()
    {
        var brand = await fixture.NewBrandAsync();
        // About 1.2 MB each: five pass the 4 MiB a gRPC client accepts by default.
        var fields = LargeValues.CustomFields();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await brand.CreateAsync($"big{i}@example.com", fields: fields)).Id);
        }

        var request = new BatchGetCustomersRequest { CustomerIds = { ids, 9_999_999 } };
        var response = await brand.Customers.BatchGetCustomersAsync(request);

        Assert.NotEmpty(response.Customers);
        Assert.NotEmpty(response.UnansweredCustomerIds);
        Assert.Equal(ids, response.Customers.Select(c => c.Id).Concat(response.UnansweredCustomerIds));
        Assert.Equal([9_999_999L], response.MissingCustomerIds);
        Assert.All(response.Customers, customer => Assert.Equal(100, customer.Fields.Count));

        // Without the custom fields all of them fit.
        request.ReadMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "email_address" } };
        var slim = await brand.Customers.BatchGetCustomersAsync(request);
        Assert.Equal(ids, slim.Customers.Select(c => c.Id));
        Assert.Empty(slim.UnansweredCustomerIds);
    }

    public static TheoryData<int, string> BadBatchGets => new()
    {
        { 0, "customer_ids" },
        { 1001, "customer_ids" },
        { -1, "customer_ids[2]" },
    };

    [Theory]
    [MemberData(nameof(BadBatchGets))]
    public async Task Batch_get_of_none_over_a_thousand_or_a_bad_id_is_invalid(int size, string field)
    {
        var brand = await fixture.NewBrandAsync();
        var request = new BatchGetCustomersRequest();
        request.CustomerIds.AddRange(size >= 0 ? Enumerable.Range(1, size).Select(i => (long)i) : [1, 2, 0, 4]);

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Customers.BatchGetCustomersAsync(request).ResponseAsync, field);
    }

    [Fact]
    public async Task Recorded_events_count_in_order_exactly_as_the_single_calls_do()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("batch-order@example.com");
        var other = await brand.CreateAsync("batch-other@example.com");
        var request = new RecordMailabilityEventsRequest
        {
            Events =
            {
                Event(customer.Id, MailabilityEventKind.SoftBounce),
                Event(customer.Id, MailabilityEventKind.SoftBounce),
                Event(other.Id, MailabilityEventKind.Complaint),
                Event(customer.Id, MailabilityEventKind.Engagement),
                Event(customer.Id, MailabilityEventKind.SoftBounce),
                Event(other.Id, MailabilityEventKind.HardBounce),
                Event(other.Id, MailabilityEventKind.Unsubscribe),
            },
        };

        var response = await brand.Mailability.RecordMailabilityEventsAsync(request);

        Assert.Equal([1, 2, 0, 0, 1, 0, 0], response.States.Select(state => state.SoftBounceCount));
        Assert.Equal([customer.Id, customer.Id, other.Id, customer.Id, customer.Id, other.Id, other.Id], response.States.Select(state => state.CustomerId));
        Assert.Equal((1, 1, true, false), (response.States[6].ComplaintCount, response.States[6].HardBounceCount, response.States[6].Unsubscribed, response.States[6].Mailable));
        Assert.Equal(response.States[4], await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id }));
        Assert.Equal(response.States[6], await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = other.Id }));
        var history = await brand.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = customer.Id });
        Assert.Equal(["created", "bounce", "bounce", "engagement", "bounce"], history.Entries.Select(entry => entry.Action));
        Assert.Equal(["mailability.soft_bounce_count"], history.Entries[3].ChangedFields);
    }

    [Fact]
    public async Task An_activity_uuid_counts_once_across_batch_and_single_calls_and_within_one_batch()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("batch-once@example.com");
        var single = Guid.NewGuid().ToString();
        var batched = Guid.NewGuid().ToString();
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft, ActivityUuid = single });

        var response = await brand.Mailability.RecordMailabilityEventsAsync(new RecordMailabilityEventsRequest
        {
            Events =
            {
                Event(customer.Id, MailabilityEventKind.SoftBounce, single.ToUpperInvariant()),
                Event(customer.Id, MailabilityEventKind.SoftBounce, batched),
                Event(customer.Id, MailabilityEventKind.SoftBounce, batched),
                Event(customer.Id, MailabilityEventKind.Complaint, batched.ToUpperInvariant()),
            },
        });
        var retriedSingly = await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = customer.Id, Type = BounceType.Soft, ActivityUuid = batched });

        Assert.Equal([1, 2, 2, 2], response.States.Select(state => state.SoftBounceCount));
        Assert.Equal(0, response.States[3].ComplaintCount);
        Assert.Equal(2, retriedSingly.SoftBounceCount);
        Assert.Equal(2, (await brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = customer.Id })).SoftBounceCount);
    }

    [Fact]
    public async Task An_unknown_customer_is_not_found_naming_its_event_and_nothing_is_recorded()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("batch-missing@example.com");
        var before = await brand.SnapshotAsync();

        var exception = await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Mailability.RecordMailabilityEventsAsync(new RecordMailabilityEventsRequest
        {
            Events =
            {
                Event(customer.Id, MailabilityEventKind.HardBounce, Guid.NewGuid().ToString()),
                Event(customer.Id + 500, MailabilityEventKind.SoftBounce),
            },
        }).ResponseAsync);

        var fields = exception.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(violation => violation.Field);
        Assert.Equal(["events[1].customer_id"], fields);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_thousand_events_are_one_redis_command_as_is_one_event()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("batch-thousand@example.com");
        var one = new RecordMailabilityEventsRequest { Events = { Event(customer.Id, MailabilityEventKind.Engagement, Guid.NewGuid().ToString()) } };
        var thousand = new RecordMailabilityEventsRequest();
        thousand.Events.AddRange(Enumerable.Range(0, 1000).Select(_ => Event(customer.Id, MailabilityEventKind.Complaint, Guid.NewGuid().ToString())));
        await brand.Mailability.RecordMailabilityEventsAsync(one);

        var forOne = await fixture.Redis.RecordAsync(() => brand.Mailability.RecordMailabilityEventsAsync(one).ResponseAsync);
        RecordMailabilityEventsResponse? response = null;
        var forThousand = await fixture.Redis.RecordAsync(async () => response = await brand.Mailability.RecordMailabilityEventsAsync(thousand));

        Assert.Equal(Enumerable.Range(1, 1000), response!.States.Select(state => state.ComplaintCount));
        Assert.Equal(forOne, forThousand);
        Assert.True(forThousand.Count <= 3, string.Join(", ", forThousand));
    }

    public static TheoryData<string, string> BadEventBatches => new()
    {
        { "none", "events" },
        { "1001", "events" },
        { "no customer", "events[1].customer_id" },
        { "no kind", "events[1].kind" },
        { "unknown kind", "events[1].kind" },
        { "bad uuid", "events[1].activity_uuid" },
    };

    [Theory]
    [MemberData(nameof(BadEventBatches))]
    public async Task A_bad_event_batch_is_invalid_naming_the_field_and_records_nothing(string situation, string field)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("batch-bad@example.com");
        var bad = Event(customer.Id, MailabilityEventKind.SoftBounce);
        var request = new RecordMailabilityEventsRequest { Events = { Event(customer.Id, MailabilityEventKind.HardBounce), bad } };
        switch (situation)
        {
            case "none": request.Events.Clear(); break;
            case "1001": request.Events.AddRange(Enumerable.Range(0, 999).Select(_ => Event(customer.Id, MailabilityEventKind.Engagement))); break;
            case "no customer": bad.CustomerId = 0; break;
            case "no kind": bad.Kind = MailabilityEventKind.Unspecified; break;
            case "unknown kind": bad.Kind = (MailabilityEventKind)42; break;
            case "bad uuid": bad.ActivityUuid = "c69cc862-5c43-4a84-bc53-d38bfac8fb5"; break;
        }

        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Mailability.RecordMailabilityEventsAsync(request).ResponseAsync, field);

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_thousand_bad_events_get_a_small_answer_listing_the_first_ones()
    {
        var brand = await fixture.NewBrandAsync();
        var request = new RecordMailabilityEventsRequest();
        request.Events.AddRange(Enumerable.Range(0, 1000).Select(_ => new MailabilityEventItem { CustomerId = -1, ActivityUuid = "x" }));

        var exception = await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Mailability.RecordMailabilityEventsAsync(request).ResponseAsync,
            "events[0].customer_id", "events[0].kind", "events[0].activity_uuid");

        Assert.True(exception.Status.Detail.Length < 8_000, $"{exception.Status.Detail.Length} characters");
    }

    private static MailabilityEventItem Event(long customerId, MailabilityEventKind kind, string activityUuid = "") =>
        new() { CustomerId = customerId, Kind = kind, ActivityUuid = activityUuid };
}
