using Deployteq.Customers.V1;
using Grpc.Net.Client;

namespace Deployteq.AppHost.Tests;

public sealed class ClusterRunTests(ClusterRunApp app) : IClassFixture<ClusterRunApp>
{
    [Fact]
    public async Task The_cluster_option_starts_three_joined_primaries_and_the_services_run_on_them()
    {
        foreach (var name in (string[])["redis-0", "redis-1", "redis-2", "redis"])
        {
            await app.Notifications.WaitForResourceHealthyAsync(name).WaitAsync(TestApp.Patience);
        }

        using var demo = await DemoBrand.SeededAsync(app);
        using var channel = GrpcChannel.ForAddress(app.App.GetEndpoint("customers", "grpc"));
        var customers = new Customers.V1.Customers.CustomersClient(channel);
        var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = $"{Guid.NewGuid():N}@example.com" }, demo.Bearer);
        var found = await customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = created.EmailAddress }, demo.Bearer);
        Assert.Equal(created.Id, found.Id);
        var uuids = await demo.EmitOpensAsync(5);
        await demo.WaitUntilArrivedAsync(uuids, TestApp.Patience);
    }
}
