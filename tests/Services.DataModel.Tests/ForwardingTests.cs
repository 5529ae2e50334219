using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Tests;

// DataModel asks Customers with the caller's own token and deadline (Grpc.Net.ClientFactory's
// AddCallCredentials and EnableCallContextPropagation), for gRPC and REST callers alike.
[Collection(DataModelCollection.Name)]
public sealed class ForwardingTests(DataModelFixture fixture)
{
    [Fact]
    public async Task A_grpc_callers_token_and_deadline_reach_customers()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        var deadline = DateTime.UtcNow.AddSeconds(47);

        await brand.Records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customer, "A-1") }, deadline: deadline);

        var check = fixture.CustomersCalls.Calls.Last(call => call.Method.EndsWith("/BatchGetCustomers") && call.Authorization == "Bearer " + brand.Token);
        Assert.InRange((check.Deadline - deadline).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_rest_callers_bearer_token_reaches_customers()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(customer, "A-1");
        var before = fixture.CustomersCalls.Calls.Count;

        var answer = await brand.RestAsync(HttpMethod.Get, "/v1/modules/orders/records/A-1");

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        Assert.Contains(fixture.CustomersCalls.Calls.Skip(before),
            call => call.Method.EndsWith("/BatchGetCustomers") && call.Authorization == "Bearer " + brand.Token);
    }
}
