using Deployteq.Customers.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Deployteq.EndToEnd.Tests;

public sealed class AppHostTests
{
    private const string AdminKey = "end-to-end-admin-key";

    [Fact]
    public async Task AppHost_serves_customers_over_a_real_socket_and_leaves_nothing_running_after_ctrl_c()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["DEPLOYTEQ_ADMIN_KEY"] = AdminKey });
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(2));
        var redisPid = host.ProcessIdOf("redis");
        var customersPid = host.ProcessIdOf("customers");
        var grpcAddress = host.Endpoint("customers", "grpc");
        Assert.Contains(AdminKey, host.Output);
        Assert.True(AppHostProcess.IsRunning(redisPid));
        Assert.True(AppHostProcess.IsRunning(customersPid));

        using (var channel = GrpcChannel.ForAddress(grpcAddress))
        {
            var admin = new Admin.AdminClient(channel.Intercept(WithBearer(AdminKey)));
            var portal = await admin.CreatePortalAsync(new CreatePortalRequest { Name = "e2e" });
            var brand = await admin.CreateBrandAsync(new CreateBrandRequest { PortalId = portal.Id, Name = "e2e brand" });
            var user = await admin.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = "e2e user" });
            var token = await admin.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = user.Id });
            var customers = new Customers.V1.Customers.CustomersClient(channel.Intercept(WithBearer(token.Token)));

            var created = await customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = "e2e@example.com" });
            var found = await customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = "E2E@example.com" });

            Assert.Equal(created.Id, found.Id);
        }

        host.Interrupt();
        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, host.ExitCode);
        Assert.False(AppHostProcess.IsRunning(redisPid), "redis-server is still running");
        Assert.False(AppHostProcess.IsRunning(customersPid), "Services.Customers is still running");
        Assert.DoesNotContain("password=", host.Output);
    }

    [Fact]
    public async Task AppHost_without_redis_server_says_how_to_install_it_and_fails()
    {
        await using var host = AppHostProcess.Start(new Dictionary<string, string?> { ["PATH"] = "/nonexistent", ["REDIS_SERVER"] = null });

        await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains("apt-get install -y redis-server", host.Output);
    }

    private static Func<Metadata, Metadata> WithBearer(string token) => metadata =>
    {
        metadata.Add("authorization", "Bearer " + token);
        return metadata;
    };
}
