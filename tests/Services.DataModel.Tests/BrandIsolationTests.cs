using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.DataModel.Tests;

// Brands never see each other: another brand's modules, records and customers are NOT_FOUND.
[Collection(DataModelCollection.Name)]
public sealed class BrandIsolationTests(DataModelFixture fixture)
{
    [Fact]
    public async Task Another_brands_modules_records_and_customers_are_not_found_and_untouched()
    {
        var mine = await fixture.NewBrandAsync();
        var theirs = await fixture.NewBrandAsync();
        var myCustomer = await mine.CreateCustomerAsync();
        var theirCustomer = await theirs.CreateCustomerAsync();
        await mine.CreateOrdersAsync();
        await mine.UpsertOrderAsync(myCustomer, "A-1");
        await theirs.CreateOrdersAsync();
        var before = await mine.SnapshotAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            theirs.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            theirs.Records.DeleteRecordAsync(new DeleteRecordRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            theirs.Records.ListRecordHistoryAsync(new ListRecordHistoryRequest { Module = "orders", Key = "A-1" }).ResponseAsync);
        // My customer id in their brand: Customers answers with their token, so it is unknown there
        // (ids are per brand; theirs may coincide, so use one past their own).
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => theirs.UpsertOrderAsync(theirCustomer + myCustomer + 1000, "A-1"));
        var theirList = await theirs.Records.ListRecordsAsync(new ListRecordsRequest { Module = "orders" });
        // Customer ids are per brand: their first customer has my customer's number, and none of my records.
        Assert.Equal(myCustomer, theirCustomer);
        var sameNumber = await theirs.Records.ListCustomerRecordsAsync(new ListCustomerRecordsRequest { Module = "orders", CustomerId = theirCustomer });
        var theirModules = await theirs.Modules.ListModulesAsync(new ListModulesRequest());
        // Their own A-1 is theirs alone.
        var theirOwn = await theirs.UpsertOrderAsync(theirCustomer, "A-1", "1.00");

        Assert.Empty(theirList.Records);
        Assert.Empty(sameNumber.Records);
        Assert.Equal(["orders"], theirModules.Modules.Select(m => m.Name));
        Assert.Equal(theirCustomer, theirOwn.CustomerId);
        Assert.Equal(before, await mine.SnapshotAsync());
        Assert.Equal("19.99", (await mine.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" })).Values["total"].DecimalValue);
    }
}
