using Deployteq.Customers.V1;
using Deployteq.PegaConnector.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Deployteq.AppHost.Demo;

// The first run seeds a demo portal, brand, token and customer, and installs the Pega connector
// for that brand against the stand-in, so the main job works out of the box. Later runs check
// what is there and redo only what is missing (a wiped Redis, an uninstalled connector).
public sealed class DemoSeed(DemoClients clients, DemoState state, string dataDirectory, ILogger output)
{
    public const string StandInEndpointName = "demo";
    public const string StandInUsername = "pega";
    public const string CustomerEmail = "demo.customer@example.com";

    public async Task RunAsync(string adminKey, CancellationToken cancellationToken)
    {
        if (state.Token is null || !await TokenWorksAsync(state.Token, cancellationToken))
        {
            await CreateBrandAsync(adminKey, cancellationToken);
        }

        var auth = DemoClients.Bearer(state.Token!);
        state.CustomerId = await EnsureCustomerAsync(auth, cancellationToken);
        state.InstallationId = await EnsureInstallationAsync(auth, cancellationToken);
        state.Save(dataDirectory);
    }

    private async Task<bool> TokenWorksAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Identity.WhoAmIAsync(new WhoAmIRequest(), DemoClients.Bearer(token), cancellationToken: cancellationToken);
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task CreateBrandAsync(string adminKey, CancellationToken cancellationToken)
    {
        var admin = clients.Admin;
        var auth = DemoClients.Bearer(adminKey);
        var portal = await admin.CreatePortalAsync(new CreatePortalRequest { Name = "demo" }, auth, cancellationToken: cancellationToken);
        var brand = await admin.CreateBrandAsync(new CreateBrandRequest { PortalId = portal.Id, Name = "Demo brand" }, auth, cancellationToken: cancellationToken);
        var user = await admin.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = "demo" }, auth, cancellationToken: cancellationToken);
        var token = await admin.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = user.Id }, auth, cancellationToken: cancellationToken);
        state.BrandId = brand.Id;
        state.Token = token.Token;
        output.LogInformation("seeded a demo portal and brand (brand {BrandId}) with an API token of every scope", brand.Id);
    }

    private async Task<long> EnsureCustomerAsync(Metadata auth, CancellationToken cancellationToken)
    {
        try
        {
            var found = await clients.Customers.GetCustomerByEmailAddressAsync(new GetCustomerByEmailAddressRequest { EmailAddress = CustomerEmail }, auth, cancellationToken: cancellationToken);
            return found.Id;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            var created = await clients.Customers.CreateCustomerAsync(new CreateCustomerRequest { EmailAddress = CustomerEmail, ExternalId = "demo-1" }, auth, cancellationToken: cancellationToken);
            return created.Id;
        }
    }

    private async Task<long> EnsureInstallationAsync(Metadata auth, CancellationToken cancellationToken)
    {
        var installations = clients.Installations;
        var url = $"{clients.StandInUrl}/pega/{StandInEndpointName}";
        var endpoint = new Endpoint { Url = url, Username = StandInUsername, Password = state.StandInPassword };
        var existing = await installations.ListInstallationsAsync(new ListInstallationsRequest { PageSize = 100 }, auth, cancellationToken: cancellationToken);
        if (existing.Installations.FirstOrDefault(installation => installation.InstallationId == state.InstallationId) is { } installed)
        {
            if (installed.EndpointUrl != url)
            {
                // The stand-in moved (another port): the same installation follows it.
                await installations.UpdateInstallationAsync(new UpdateInstallationRequest
                {
                    InstallationId = installed.InstallationId,
                    UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "endpoint" } },
                    Endpoint = endpoint,
                }, auth, cancellationToken: cancellationToken);
                output.LogInformation("pointed the demo installation at the stand-in's address {Url}", url);
            }

            return installed.InstallationId;
        }

        var install = new InstallRequest
        {
            Endpoint = endpoint,
            Financial = new Financial { InvoiceInterval = InvoiceInterval.Monthly, PoNumber = "DEMO-PO-1" },
        };
        install.Activities.AddRange(Enum.GetValues<ActivityKind>().Where(kind => kind != ActivityKind.Unspecified));
        var created = await installations.InstallAsync(install, auth, cancellationToken: cancellationToken);
        output.LogInformation("installed the Pega connector for the demo brand against the stand-in ({Url})", url);
        return created.InstallationId;
    }
}
