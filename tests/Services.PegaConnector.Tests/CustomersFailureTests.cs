using Deployteq.PegaConnector.V1;
using Deployteq.TestSupport;
using Grpc.Core;

namespace Deployteq.PegaConnector.Tests;

// An install whose Events token Customers fails to issue gives the caller the status of
// DESIGN.md's one table for calls to Customers (CustomersFailureTable), never Customers' own.
[Collection(PegaCollection.Name)]
public sealed class CustomersFailureTests(PegaFixture fixture)
{
    [Theory]
    [MemberData(nameof(CustomersFailureTable.Rows), MemberType = typeof(CustomersFailureTable))]
    public async Task A_failed_token_issue_gives_the_installer_the_status_of_the_one_table(StatusCode answered, StatusCode expected)
    {
        var brand = await fixture.NewBrandAsync();
        fixture.Platform.CustomersAnswers.Answer("/deployteq.customers.v1.ConnectorTokens/CreateReadToken", brand.Provisioned.Token, answered);

        await GrpcStatusAssert.ThrowsAsync(expected, () => brand.Installations.InstallAsync(brand.InstallRequest(ActivityKind.Broadcasts)).ResponseAsync);
    }
}
