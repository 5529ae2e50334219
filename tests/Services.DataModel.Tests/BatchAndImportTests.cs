using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Google.Rpc;
using Grpc.Core;
using static Deployteq.DataModel.Tests.Fields;

namespace Deployteq.DataModel.Tests;

[Collection(DataModelCollection.Name)]
public sealed class BatchAndImportTests(DataModelFixture fixture)
{
    [Fact]
    public async Task A_batch_with_mixed_rows_stores_the_good_ones_and_says_why_each_bad_one_was_refused()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(john, "TAKEN");
        var badDecimal = TestBrand.Order(jane, "B-2", "12,50");
        var unknownField = TestBrand.Order(jane, "B-4");
        unknownField.Values["colour"] = S("red");
        var missingRequired = TestBrand.Order(jane, "B-5");
        missingRequired.Values.Remove("currency");

        var response = await brand.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest
        {
            Module = "orders",
            Records =
            {
                TestBrand.Order(jane, "B-1"), badDecimal, TestBrand.Order(987_654, "B-3"), unknownField, missingRequired,
                TestBrand.Order(jane, "TAKEN"), TestBrand.Order(jane, "B-7"),
            },
        });

        Assert.Equal(Enumerable.Range(0, 7), response.Results.Select(r => r.Index));
        Assert.Equal("B-1", response.Results[0].Record.Key);
        Assert.True(response.Results[0].Created);
        Assert.Equal(((int)Code.InvalidArgument, "values.total"), (response.Results[1].Error.Code, response.Results[1].Error.Field));
        Assert.Equal(((int)Code.NotFound, "customer_id"), (response.Results[2].Error.Code, response.Results[2].Error.Field));
        Assert.Equal(((int)Code.InvalidArgument, "values.colour"), (response.Results[3].Error.Code, response.Results[3].Error.Field));
        Assert.Equal(((int)Code.InvalidArgument, "values.currency"), (response.Results[4].Error.Code, response.Results[4].Error.Field));
        Assert.Equal(((int)Code.AlreadyExists, "values.order_number"), (response.Results[5].Error.Code, response.Results[5].Error.Field));
        Assert.Equal("B-7", response.Results[6].Record.Key);
        var stored = await brand.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest { CustomerId = jane, Module = "orders" });
        Assert.Equal(["B-1", "B-7"], stored.Records.Select(r => r.Key));
        Assert.Equal(john, (await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "TAKEN" })).CustomerId);
    }

    [Fact]
    public async Task More_than_1000_records_in_a_batch_is_invalid_argument_and_nothing_is_stored()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest
        {
            Module = "orders", Records = { Enumerable.Range(0, 1001).Select(i => TestBrand.Order(customer, $"B-{i}")) },
        }).ResponseAsync, "records");

        Assert.Equal(before, await brand.SnapshotAsync());
        var thousand = await brand.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest
        {
            Module = "orders", Records = { Enumerable.Range(0, 1000).Select(i => TestBrand.Order(customer, $"B-{i}")) },
        });
        Assert.All(thousand.Results, r => Assert.Equal(RecordResult.OutcomeOneofCase.Record, r.OutcomeCase));
    }

    [Fact]
    public async Task A_batch_of_1000_rows_costs_redis_the_same_commands_as_a_batch_of_ten()
    {
        var brand = await fixture.NewBrandAsync();
        var customers = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            customers.Add(await brand.CreateCustomerAsync());
        }

        await brand.CreateOrdersAsync();
        BatchUpsertRecordsRequest Batch(int size, string prefix) => new()
        {
            Module = "orders", Records = { Enumerable.Range(0, size).Select(i => TestBrand.Order(customers[i % customers.Count], $"{prefix}-{i}")) },
        };
        await brand.Records.BatchUpsertRecordsAsync(Batch(1, "warm"));

        var forTen = await fixture.Redis.RecordAsync(() => brand.Records.BatchUpsertRecordsAsync(Batch(10, "ten")).ResponseAsync);
        var forThousand = await fixture.Redis.RecordAsync(() => brand.Records.BatchUpsertRecordsAsync(Batch(1000, "thousand")).ResponseAsync);

        // The token check and BatchGetCustomers (Customers' side), the module read and one upsert script.
        Assert.Equal(forTen, forThousand);
        Assert.True(forThousand.Count <= 6, string.Join(", ", forThousand));
        Assert.Equal(1010, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" })).RecordCount - 1);
    }

    [Fact]
    public async Task An_import_stream_upserts_every_good_row_of_every_module_and_reports_each_rejected_row_by_position()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Products });
        await brand.UpsertOrderAsync(customer, "O-5");

        using var call = brand.Records.ImportRecords();
        var expectedRejections = new List<(long Row, string Field)>();
        long row = 0;
        for (var i = 0; i < 2500; i++)
        {
            row++;
            var order = TestBrand.Order(customer, $"O-{i}", i % 500 == 7 ? "bad" : $"{i}.99");
            if (i % 500 == 7)
            {
                expectedRejections.Add((row, "values.total"));
            }

            await call.RequestStream.WriteAsync(new ImportRecordRow { Module = "orders", Record = order });
            if (i % 1000 == 3)
            {
                row++;
                await call.RequestStream.WriteAsync(new ImportRecordRow
                {
                    Module = "products",
                    Record = Row(customer, ("sku", S($"P-{i}")), ("name", S("Shirt")), ("price", D("9.95")), ("currency", S("EUR"))),
                });
            }
        }

        row++;
        expectedRejections.Add((row, "module"));
        await call.RequestStream.WriteAsync(new ImportRecordRow { Module = "no_such_module", Record = TestBrand.Order(customer, "X") });
        row++;
        expectedRejections.Add((row, "customer_id"));
        await call.RequestStream.WriteAsync(new ImportRecordRow { Module = "orders", Record = TestBrand.Order(987_654, "X-1") });
        await call.RequestStream.CompleteAsync();
        var result = await call.ResponseAsync.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2500 - 5 + 3 - 1, result.Created);
        Assert.Equal(1, result.Updated);
        Assert.Equal(expectedRejections.Count, result.Rejected);
        Assert.Equal(expectedRejections, result.Rejections.Select(r => (r.Row, r.Field)));
        Assert.Equal(2500 - 5, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" })).RecordCount);
        Assert.Equal(3, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "products" })).RecordCount);
    }

    [Fact]
    public async Task Importing_the_same_rows_again_updates_nothing_new_and_counts_them_as_updated()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();

        async Task<ImportRecordsResponse> ImportAsync()
        {
            using var call = brand.Records.ImportRecords();
            for (var i = 0; i < 1500; i++)
            {
                await call.RequestStream.WriteAsync(new ImportRecordRow { Module = "orders", Record = TestBrand.Order(customer, $"O-{i}") });
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync.WaitAsync(TimeSpan.FromMinutes(2));
        }

        var first = await ImportAsync();
        var second = await ImportAsync();
        var history = await brand.Records.ListRecordHistoryAsync(new ListRecordHistoryRequest { Module = "orders", Key = "O-1499" });

        Assert.Equal((1500L, 0L, 0L), (first.Created, first.Updated, first.Rejected));
        Assert.Equal((0L, 1500L, 0L), (second.Created, second.Updated, second.Rejected));
        Assert.Single(history.Entries);
    }

    [Fact]
    public async Task A_batch_for_an_unknown_module_is_not_found()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest
        {
            Module = "orders", Records = { TestBrand.Order(customer, "B-1") },
        }).ResponseAsync);
    }
}
