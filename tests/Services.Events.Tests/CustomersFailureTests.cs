using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.Events.Tests;

// A call to Customers that fails, the caller's token check (RemoteTokenVerifier) or an emit's
// customer lookup, gives the caller the status of DESIGN.md's one table for calls to Customers
// (CustomersFailureTable), never Customers' own.
[Collection(EventsCollection.Name)]
public sealed class CustomersFailureTests(EventsFixture fixture)
{
    [Theory]
    [MemberData(nameof(CustomersFailureTable.Rows), MemberType = typeof(CustomersFailureTable))]
    public async Task A_failed_token_check_gives_the_caller_the_status_of_the_one_table(StatusCode answered, StatusCode expected)
    {
        var brand = await fixture.NewBrandAsync();
        fixture.CustomersAnswers.Answer(EventsFixture.WhoAmIPath, brand.Token, answered);

        await GrpcStatusAssert.ThrowsAsync(expected, () => brand.BroadcastAsync(1, TestBrand.NewBroadcastId()));
    }

    [Theory]
    [MemberData(nameof(CustomersFailureTable.Rows), MemberType = typeof(CustomersFailureTable))]
    public async Task A_failed_customer_lookup_gives_the_emitter_the_status_of_the_one_table(StatusCode answered, StatusCode expected)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync($"lookup{brand.Id}@deployteq.com");
        fixture.CustomersAnswers.Answer("/deployteq.customers.v1.Customers/BatchGetCustomers", brand.Token, answered);

        await GrpcStatusAssert.ThrowsAsync(expected, () => brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId()));
    }
}
