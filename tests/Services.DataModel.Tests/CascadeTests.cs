using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.DataModel.Tests;

// Deleted customers' records go because Customers' change feed says so: while DataModel runs,
// and when it was down at the time, from the checkpoint it kept. No test here reads the deleted
// customer's records before checking Redis, so the read path's own check cannot be what removed them.
[Collection(CustomerFeedCollection.Name)]
public sealed class CascadeTests(CustomerFeedFixture fixture)
{
    private static readonly Dictionary<string, string?> FeedOn = new() { ["DataModel:FeedEnabled"] = "true" };

    [Fact]
    public async Task A_customer_deleted_while_datamodel_follows_the_feed_loses_its_records_in_every_module()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Products });
        await brand.UpsertOrderAsync(jane, "J-1");
        await brand.UpsertOrderAsync(jane, "J-2");
        await brand.UpsertOrderAsync(john, "X-1");
        await brand.Records.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = "products",
            Record = Fields.Row(jane, ("sku", Fields.S("P-1")), ("name", Fields.S("Shirt")), ("price", Fields.D("9.95")), ("currency", Fields.S("EUR"))),
        });
        await WaitUntilLiveAsync(fixture.DataModel, brand);

        await brand.DeleteCustomerAsync(jane);

        await Poll.UntilAsync(() => brand.KeysAsync("r:*"), keys => keys.Count == 1, "only the other customer's record is left");
        Assert.Equal(["X-1"], (await brand.KeysAsync("r:*")).Select(k => k.Split(':')[^1]));
        Assert.Empty(await brand.KeysAsync($"cm:{jane}"));
        Assert.NotNull((string?)await fixture.Redis.Database.StringGetAsync(DataModelKeys.FeedCheckpoint(brand.Id)));
        Assert.Equal(1, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" })).RecordCount);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.UpsertOrderAsync(jane, "J-3"));
    }

    [Fact]
    public async Task A_customer_deleted_while_datamodel_was_down_loses_its_records_when_the_brands_feed_resumes()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();

        // Only DataModels of this test's own serve this brand: the shared one never hears of it.
        await using (var first = fixture.StartDataModel(FeedOn))
        {
            var modules = new Modules.ModulesClient(first.Channel.WithBearer(brand.Token));
            var records = new Deployteq.DataModel.V1.Records.RecordsClient(first.Channel.WithBearer(brand.Token));
            await modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
            await modules.CreateModuleAsync(new CreateModuleRequest { Module = Fields.Module("notes", "id", Fields.Text("id")) });
            await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(jane, "J-1") });
            await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(john, "X-1") });
            await WaitUntilLiveAsync(first, brand);
        }

        var checkpoint = (string?)await fixture.Redis.Database.StringGetAsync(DataModelKeys.FeedCheckpoint(brand.Id));
        Assert.NotNull(checkpoint);
        await brand.DeleteCustomerAsync(jane);

        await using var second = fixture.StartDataModel(FeedOn);
        // A call that reads nothing of jane's: only the feed can remove her records.
        await new Deployteq.DataModel.V1.Records.RecordsClient(second.Channel.WithBearer(brand.Token)).ListRecordsAsync(new ListRecordsRequest { Module = "notes" });

        await Poll.UntilAsync(() => brand.KeysAsync("r:orders:*"), keys => keys.Count == 1, "the deleted customer's order is gone");
        Assert.EndsWith(":X-1", Assert.Single(await brand.KeysAsync("r:orders:*")));
        Assert.NotEqual(checkpoint, (string?)await fixture.Redis.Database.StringGetAsync(DataModelKeys.FeedCheckpoint(brand.Id)));
    }

    [Fact]
    public async Task Right_after_a_delete_the_customers_records_are_not_readable_even_before_the_feed_has_said_so()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        HeldDeletesChangeSource? held = null;
        await using var host = fixture.StartDataModel(FeedOn, services => services.AddSingleton<ICustomerChangeSource>(provider =>
            held = new HeldDeletesChangeSource(new GrpcCustomerChangeSource(provider.GetRequiredService<GrpcClientFactory>()))));
        var modules = new Modules.ModulesClient(host.Channel.WithBearer(brand.Token));
        var records = new Deployteq.DataModel.V1.Records.RecordsClient(host.Channel.WithBearer(brand.Token));
        await modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
        await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(jane, "J-1") });
        await WaitUntilLiveAsync(host, brand);
        // Asked while the feed is live: the cache now holds jane.
        await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(jane, "J-2") });
        Assert.True(host.Services.GetRequiredService<CustomerCache>().TryGet(brand.Id, jane, out var known) && known);

        await brand.DeleteCustomerAsync(jane);

        // The feed has not delivered the delete; the records are unreadable all the same.
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "J-1" }).ResponseAsync);
        Assert.Empty((await records.ListRecordsAsync(new ListRecordsRequest { Module = "orders" })).Records);
        held!.Release();
        var cache = host.Services.GetRequiredService<CustomerCache>();
        await Poll.UntilAsync(() => cache.TryGet(brand.Id, jane, out var exists) && !exists, "the cache knows the customer is deleted");
        Assert.Empty(await brand.KeysAsync("r:*"));
    }

    [Fact]
    public async Task A_page_of_large_records_cut_short_after_leaving_out_a_deleted_customers_records_goes_on_at_the_right_record()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await using var host = fixture.StartDataModel(FeedOn, services => services.AddSingleton<ICustomerChangeSource>(provider =>
            new HeldDeletesChangeSource(new GrpcCustomerChangeSource(provider.GetRequiredService<GrpcClientFactory>()))));
        var modules = new Modules.ModulesClient(host.Channel.WithBearer(brand.Token));
        var records = new Deployteq.DataModel.V1.Records.RecordsClient(host.Channel.WithBearer(brand.Token));
        var module = new Module { Name = "large", KeyField = "k", Fields = { new FieldDefinition { Name = "k", Type = FieldType.String } } };
        module.Fields.AddRange(Enumerable.Range(0, 99).Select(i => new FieldDefinition { Name = $"f{i}", Type = FieldType.String }));
        await modules.CreateModuleAsync(new CreateModuleRequest { Module = module });
        // About 300 KB a record: jane's two come first in change order, then john's sixteen.
        var keys = new[] { "J-0", "J-1" }.Concat(Enumerable.Range(0, 16).Select(i => $"X-{i:00}")).ToList();
        foreach (var key in keys)
        {
            var record = new Record { CustomerId = key.StartsWith('J') ? jane : john, Values = { ["k"] = new Value { StringValue = key } } };
            for (var i = 0; i < 99; i++)
            {
                record.Values[$"f{i}"] = new Value { StringValue = LargeValues.Text(1000) };
            }

            await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "large", Record = record });
        }

        await WaitUntilLiveAsync(host, brand);
        // The feed holds the delete back: the list itself finds jane gone and leaves her records out.
        await brand.DeleteCustomerAsync(jane);

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await records.ListRecordsAsync(new ListRecordsRequest { Module = "large", PageSize = 1000, PageToken = token });
            seen.AddRange(page.Records.Select(r => r.Key));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(keys.Skip(2), seen);
    }

    private static async Task WaitUntilLiveAsync(DataModelHost host, TestBrand brand)
    {
        var cache = host.Services.GetRequiredService<CustomerCache>();
        await Poll.UntilAsync(() => cache.IsLive(brand.Id), "the customer cache is live for the brand");
    }
}
