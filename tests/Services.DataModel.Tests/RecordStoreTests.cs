using Deployteq.DataModel.Model;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Auth;

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
    public async Task Rows_of_a_deleted_customer_in_a_batch_are_refused_and_leave_nothing_while_the_others_land()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(jane, "A-1");
        var store = new RedisRecordStore(fixture.Redis.Database.Multiplexer, TimeProvider.System);
        // The feed's delete: jane's records go and her id is remembered.
        await store.DeleteCustomerAsync(brand.Id, jane, cursor: null);
        var module = (await new RedisModuleStore(fixture.Redis.Database.Multiplexer, TimeProvider.System).GetAsync(brand.Id, "orders"))!;

        // Checked against Customers before the delete arrived, say: the script still refuses them.
        var outcomes = await store.UpsertAsync(brand.Id, module,
            [
                new RecordWrite("A-2", jane, [new("order_number", "s:A-2")]), new RecordWrite("B-1", john, [new("order_number", "s:B-1")]),
                new RecordWrite("A-3", jane, [new("order_number", "s:A-3")]),
            ],
            new Actor(1, "late"));

        Assert.Equal([UpsertStatus.CustomerDeleted, UpsertStatus.Created, UpsertStatus.CustomerDeleted], outcomes.Select(outcome => outcome.Status));
        Assert.Equal([$"dm:{{b{brand.Id}}}:r:orders:B-1"], await brand.KeysAsync("r:*"));
        Assert.Empty(await brand.KeysAsync("h:orders:A-*"));
        Assert.Equal(["B-1"], (await fixture.Redis.Database.SortedSetRangeByRankAsync(DataModelKeys.Changes(brand.Id, "orders"))).Select(k => (string)k!));
        Assert.Equal(1, (long)await fixture.Redis.Database.HashGetAsync(DataModelKeys.Usage(brand.Id, "orders"), "#"));
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
