using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.DataModel.Tests;

// A record's customer check that Customers fails gives the caller the status of DESIGN.md's one
// table for calls to Customers (CustomersFailureTable), never Customers' own.
[Collection(DataModelCollection.Name)]
public sealed class CustomersFailureTests(DataModelFixture fixture)
{
    [Theory]
    [MemberData(nameof(CustomersFailureTable.Rows), MemberType = typeof(CustomersFailureTable))]
    public async Task A_failed_customer_check_gives_the_caller_the_status_of_the_one_table(StatusCode answered, StatusCode expected)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        fixture.CustomersAnswers.Answer("/deployteq.customers.v1.Customers/BatchGetCustomers", brand.Token, answered);

        await GrpcStatusAssert.ThrowsAsync(expected, () => brand.Records.UpsertRecordAsync(
            new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customer, "A-1") }).ResponseAsync);
    }
}
