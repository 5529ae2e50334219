using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.DataModel.Tests;

// The customer must exist in the caller's brand, asked of Customers with the caller's token. A
// deleted customer's records are never readable, even with no change feed running (this
// collection runs without it): a read that finds the customer gone removes its records.
[Collection(DataModelCollection.Name)]
public sealed class CustomerCheckTests(DataModelFixture fixture)
{
    [Fact]
    public async Task A_deleted_customers_records_are_unreadable_at_once_and_removed_when_a_read_finds_the_customer_gone()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Products });
        await brand.UpsertOrderAsync(jane, "J-1", status: "paid");
        await brand.UpsertOrderAsync(jane, "J-2");
        await brand.UpsertOrderAsync(john, "X-1");
        await brand.Records.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = "products",
            Record = Fields.Row(jane, ("sku", Fields.S("P-1")), ("name", Fields.S("Shirt")), ("price", Fields.D("9.95")), ("currency", Fields.S("EUR"))),
        });

        await brand.DeleteCustomerAsync(jane);

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "J-1" }).ResponseAsync);
        var listed = await brand.Records.ListRecordsAsync(new ListRecordsRequest { Module = "orders" });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest { Module = "products", CustomerId = jane }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            brand.Records.ListRecordHistoryAsync(new ListRecordHistoryRequest { Module = "orders", Key = "J-2" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.UpsertOrderAsync(jane, "J-3"));

        Assert.Equal(["X-1"], listed.Records.Select(r => r.Key));
        // Every record of jane, in every module, with its history and index entries, is gone.
        Assert.Empty(await brand.KeysAsync("r:*:J-*"));
        Assert.Empty(await brand.KeysAsync("r:products:*"));
        Assert.Empty(await brand.KeysAsync("h:*:J-*"));
        Assert.Empty(await brand.KeysAsync($"cr:*:{jane}"));
        Assert.Empty(await brand.KeysAsync($"cm:{jane}"));
        var orders = await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" });
        Assert.Equal(1, orders.RecordCount);
        // The usage count of status went with J-1: the field can be removed.
        await brand.Modules.RemoveModuleFieldAsync(new RemoveModuleFieldRequest { Module = "orders", Field = "status" });
        Assert.Equal(john, (await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "X-1" })).CustomerId);
    }

    [Fact]
    public async Task A_token_without_the_customers_scope_may_define_modules_but_not_touch_records()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        var dataModelOnly = await fixture.TokenAsync(brand, null, "datamodel");
        var customersOnly = await fixture.TokenAsync(brand, null, "customers");

        await brand.ModulesWith(dataModelOnly).CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
        var refused = await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () =>
            brand.RecordsWith(dataModelOnly).UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customer, "A-1") }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () =>
            brand.ModulesWith(customersOnly).ListModulesAsync(new ListModulesRequest()).ResponseAsync);

        Assert.Contains("customers", refused.Status.Detail);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var created = await fixture.Admin.CreateTokenAsync(new Deployteq.Customers.V1.CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id });
        await brand.RecordsWith(created.Token).UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customer, "A-1") });

        await fixture.Admin.RevokeTokenAsync(new Deployteq.Customers.V1.RevokeTokenRequest { BrandId = brand.Id, TokenId = created.Info.Id });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () =>
            brand.RecordsWith(created.Token).GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
    }
}
