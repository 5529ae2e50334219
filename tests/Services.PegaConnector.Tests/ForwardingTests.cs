using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Tests;

// The connector asks Customers for an installation's Events token with the caller's own token
// and deadline (DESIGN.md "Tenancy and security"), as every service that calls another for a
// caller does.
[Collection(PegaCollection.Name)]
public sealed class ForwardingTests(PegaFixture fixture)
{
    [Fact]
    public async Task Installing_and_uninstalling_ask_customers_with_the_callers_token_and_deadline()
    {
        var brand = await fixture.NewBrandAsync();
        var deadline = DateTime.UtcNow.AddSeconds(47);

        var installation = await brand.Installations.InstallAsync(brand.InstallRequest(ActivityKind.Broadcasts), deadline: deadline);
        await brand.Installations.UninstallAsync(new UninstallRequest { InstallationId = installation.InstallationId }, deadline: deadline);

        foreach (var method in new[] { "/deployteq.customers.v1.ConnectorTokens/CreateReadToken", "/deployteq.customers.v1.ConnectorTokens/RevokeReadToken" })
        {
            var call = fixture.Platform.CustomersCalls.Calls.Last(call => call.Method == method && call.Authorization == "Bearer " + brand.Provisioned.Token);
            Assert.InRange((call.Deadline - deadline).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
        }
    }
}
