using Deployteq.DataModel.Model;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Tests;

// The record script against the real Redis, below the service: what it refuses on its own.
[Collection(DataModelCollection.Name)]
public sealed class RecordStoreTests(DataModelFixture fixture)
{
    [Fact]
    public async Task Rows_validated_against_an_older_module_version_are_refused_whole_and_nothing_is_stored()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var modules = new RedisModuleStore(fixture.Redis.Database.Multiplexer, TimeProvider.System);
        var store = new RedisRecordStore(fixture.Redis.Database.Multiplexer, TimeProvider.System);
        var stale = (await modules.GetAsync(brand.Id, "orders"))!;
        // Someone retypes status meanwhile: a string written under the old definition would now be invalid.
        await brand.Modules.UpdateModuleFieldAsync(new UpdateModuleFieldRequest { Module = "orders", Field = Fields.Integer("status") });
        var before = await brand.SnapshotAsync();

        var outcomes = await store.UpsertAsync(brand.Id, stale,
            [new RecordWrite("A-1", customer, [new("order_number", "s:A-1"), new("status", "s:paid")]), new RecordWrite("A-2", customer, [new("order_number", "s:A-2")])],
            new Actor(1, "stale"));

        Assert.All(outcomes, outcome => Assert.Equal(UpsertStatus.ModuleChanged, outcome.Status));
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Usage_counts_follow_creates_replacements_and_deletes()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var usage = DataModelKeys.Usage(brand.Id, "orders");

        await brand.UpsertOrderAsync(customer, "A-1", status: "open");
        await brand.UpsertOrderAsync(customer, "A-2", status: "open");
        await brand.Records.BatchUpsertRecordsAsync(new BatchUpsertRecordsRequest
        {
            Module = "orders", Records = { TestBrand.Order(customer, "A-1"), TestBrand.Order(customer, "A-3", status: "x"), TestBrand.Order(customer, "A-3") },
        });
        await brand.Records.DeleteRecordAsync(new DeleteRecordRequest { Module = "orders", Key = "A-2" });

        Assert.Equal(2, (long)await fixture.Redis.Database.HashGetAsync(usage, "#"));
        Assert.Equal(0, (long)await fixture.Redis.Database.HashGetAsync(usage, "status"));
        Assert.Equal(2, (long)await fixture.Redis.Database.HashGetAsync(usage, "total"));
    }
}
