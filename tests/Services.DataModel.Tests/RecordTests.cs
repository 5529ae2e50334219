using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static Deployteq.DataModel.Tests.Fields;

namespace Deployteq.DataModel.Tests;

[Collection(DataModelCollection.Name)]
public sealed class RecordTests(DataModelFixture fixture)
{
    [Fact]
    public async Task An_upsert_creates_then_replaces_the_record_so_it_holds_exactly_the_values_last_given()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();

        var created = await brand.UpsertOrderAsync(customer, "A-1", "10.00", status: "open");
        var replaced = await brand.UpsertOrderAsync(customer, "A-1", "12.50");
        var read = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" });
        var module = await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" });

        Assert.Equal("A-1", created.Key);
        Assert.Equal(customer, read.CustomerId);
        Assert.Equal("12.50", read.Values["total"].DecimalValue);
        Assert.False(read.Values.ContainsKey("status"));
        Assert.Equal(created.CreateTime, read.CreateTime);
        Assert.Equal(replaced.UpdateTime, read.UpdateTime);
        Assert.Equal(1, module.RecordCount);
    }

    [Fact]
    public async Task A_deleted_record_is_gone_with_its_history_and_a_second_delete_is_not_found()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "A-1");

        await brand.Records.DeleteRecordAsync(new DeleteRecordRequest { Module = "orders", Key = "A-1" });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.DeleteRecordAsync(new DeleteRecordRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.ListRecordHistoryAsync(new ListRecordHistoryRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        Assert.Empty(await brand.KeysAsync("h:orders:*"));
        Assert.Equal(0, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" })).RecordCount);
    }

    [Fact]
    public async Task A_key_held_by_another_customers_record_is_already_exists_and_that_record_stays()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var janes = await brand.UpsertOrderAsync(jane, "A-1");

        await GrpcStatusAssert.ThrowsAsync(StatusCode.AlreadyExists, () => brand.UpsertOrderAsync(john, "A-1", "1.00"));

        Assert.Equal(janes, await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" }));
    }

    [Fact]
    public async Task Unknown_customer_module_and_record_are_not_found_and_nothing_is_stored()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateOrdersAsync();
        var before = await brand.SnapshotAsync();

        var noCustomer = await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.UpsertOrderAsync(987_654, "A-1"));
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "nope", Record = TestBrand.Order(1, "A-1") }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest { Module = "orders", CustomerId = 987_654 }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.ListRecordsAsync(new ListRecordsRequest { Module = "nope" }).ResponseAsync);

        Assert.Contains("987654", noCustomer.Status.Detail);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task A_customers_records_of_a_module_list_oldest_first_in_pages_and_only_theirs()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders, Name = "returns" });
        for (var i = 0; i < 5; i++)
        {
            await brand.UpsertOrderAsync(jane, $"J-{i}");
            await brand.UpsertOrderAsync(john, $"X-{i}");
        }

        await brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "returns", Record = TestBrand.Order(jane, "R-1") });
        // An update keeps the record's place.
        await brand.UpsertOrderAsync(jane, "J-0", "99.00");

        var keys = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await brand.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest
            {
                CustomerId = jane, Module = "orders", PageSize = 2, PageToken = token,
            });
            keys.AddRange(page.Records.Select(r => r.Key));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(["J-0", "J-1", "J-2", "J-3", "J-4"], keys);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_page_of_large_records_ends_early_within_the_client_limit_and_the_next_page_goes_on()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        var module = new Module { Name = "large", KeyField = "k", Fields = { new FieldDefinition { Name = "k", Type = FieldType.String } } };
        module.Fields.AddRange(Enumerable.Range(0, 99).Select(i => new FieldDefinition { Name = $"f{i}", Type = FieldType.String }));
        await brand.Modules.CreateModuleAsync(new CreateModuleRequest { Module = module });
        // 99 values of 1,000 three-byte characters: about 300 KB a record, so 16 pass 4 MiB.
        var keys = Enumerable.Range(0, 16).Select(i => $"L-{i:00}").ToList();
        foreach (var key in keys)
        {
            var record = new Record { CustomerId = customer, Values = { ["k"] = new Value { StringValue = key } } };
            for (var i = 0; i < 99; i++)
            {
                record.Values[$"f{i}"] = new Value { StringValue = LargeValues.Text(1000) };
            }

            await brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "large", Record = record });
        }

        foreach (var byCustomer in new[] { false, true })
        {
            var seen = new List<string>();
            var token = "";
            var pages = 0;
            do
            {
                var page = byCustomer
                    ? await brand.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest { Module = "large", CustomerId = customer, PageSize = 1000, PageToken = token })
                    : await brand.Records.ListRecordsAsync(new ListRecordsRequest { Module = "large", PageSize = 1000, PageToken = token });
                Assert.InRange(page.CalculateSize(), 1, 4 * 1024 * 1024);
                Assert.All(page.Records, record => Assert.Equal(100, record.Values.Count));
                seen.AddRange(page.Records.Select(r => r.Key));
                token = page.NextPageToken;
                pages++;
            }
            while (token.Length > 0);

            Assert.Equal(keys, seen);
            Assert.True(pages >= 2, $"{pages} page(s)");
        }
    }

    [Fact]
    public async Task A_modules_records_list_in_change_order_and_from_a_time_for_exports()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        for (var i = 0; i < 4; i++)
        {
            await brand.UpsertOrderAsync(customer, $"A-{i}");
        }

        var before = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-3" });
        await WaitForClockAsync(before.UpdateTime);
        var since = Timestamp.FromDateTime(System.DateTime.UtcNow);
        await WaitForClockAsync(since);
        await brand.UpsertOrderAsync(customer, "A-1", "50.00");
        await brand.UpsertOrderAsync(customer, "A-9");

        var all = await ListAllAsync(brand, null, 3);
        var changed = await ListAllAsync(brand, since, 1);

        Assert.Equal(["A-0", "A-2", "A-3", "A-1", "A-9"], all);
        Assert.Equal(["A-1", "A-9"], changed);
    }

    [Fact]
    public async Task History_says_when_which_api_user_and_which_fields_changed()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var otherUser = await fixture.TokenAsync(brand, "order-import");

        await brand.UpsertOrderAsync(customer, "A-1", status: "open");
        await brand.RecordsWith(otherUser).UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customer, "A-1", "25.00", "paid") });
        // Same values again: no change, no entry.
        await brand.RecordsWith(otherUser).UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customer, "A-1", "25.00", "paid") });
        await brand.UpsertOrderAsync(customer, "A-1", "25.00");

        var history = await brand.Records.ListRecordHistoryAsync(new ListRecordHistoryRequest { Module = "orders", Key = "A-1" });

        Assert.Equal(["created", "updated", "updated"], history.Entries.Select(e => e.Action));
        Assert.Equal(["shop-sync", "order-import", "shop-sync"], history.Entries.Select(e => e.ApiUserName));
        Assert.Equal(brand.User.Id, history.Entries[0].ApiUserId);
        Assert.Contains("customer_id", history.Entries[0].ChangedFields);
        Assert.Contains("values.order_number", history.Entries[0].ChangedFields);
        Assert.Equal(["values.status", "values.total"], history.Entries[1].ChangedFields);
        Assert.Equal(["values.status"], history.Entries[2].ChangedFields);
        Assert.True(history.Entries[0].Time.ToDateTime() <= history.Entries[2].Time.ToDateTime());
        Assert.True(Math.Abs((history.Entries[2].Time.ToDateTime() - System.DateTime.UtcNow).TotalMinutes) < 5);
    }

    [Fact]
    public async Task History_pages_and_keeps_the_latest_hundred_changes()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        for (var i = 0; i < 105; i++)
        {
            await brand.UpsertOrderAsync(customer, "A-1", $"{i}.00");
        }

        var entries = new List<HistoryEntry>();
        var token = "";
        do
        {
            var page = await brand.Records.ListRecordHistoryAsync(new ListRecordHistoryRequest { Module = "orders", Key = "A-1", PageSize = 30, PageToken = token });
            entries.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(100, entries.Count);
        Assert.All(entries, entry => Assert.Equal("updated", entry.Action));
    }

    private static async Task<List<string>> ListAllAsync(TestBrand brand, Timestamp? since, int pageSize)
    {
        var keys = new List<string>();
        var token = "";
        do
        {
            var page = await brand.Records.ListRecordsAsync(new ListRecordsRequest { Module = "orders", ChangedSince = since, PageSize = pageSize, PageToken = token });
            keys.AddRange(page.Records.Select(r => r.Key));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return keys;
    }

    // Times are in milliseconds: wait until the clock has moved past the given time.
    private static Task WaitForClockAsync(Timestamp time) =>
        Poll.UntilAsync(() => System.DateTime.UtcNow > time.ToDateTime().AddMilliseconds(2), $"the clock passed {time}", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5));
}
