using System.Net;
using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Tests;

[Collection(DataModelCollection.Name)]
public sealed class SmokeTests(DataModelFixture fixture)
{
    [Fact]
    public async Task An_order_upserted_over_grpc_reads_back_over_rest()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var stored = await brand.UpsertOrderAsync(customer, "A-1", "19.90");

        var got = await brand.Records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "A-1" });
        var rest = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1");

        Assert.Equal(stored, got);
        Assert.True(rest.Status == HttpStatusCode.OK, rest.Body);
        Assert.Equal("19.90", rest.Json.GetProperty("values").GetProperty("total").GetProperty("decimalValue").GetString());
    }
}
