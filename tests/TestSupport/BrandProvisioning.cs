using Deployteq.Customers.V1;

namespace Deployteq.TestSupport;

public static class BrandProvisioning
{
    // A new portal, brand, API user and token (all scopes unless some are named), through the
    // administrator API as an operator would set one up.
    public static async Task<ProvisionedBrand> CreateAsync(
        this Admin.AdminClient admin, string portalName, string brandName, string userName, params string[] scopes)
    {
        var portal = await admin.CreatePortalAsync(new CreatePortalRequest { Name = portalName });
        var brand = await admin.CreateBrandAsync(new CreateBrandRequest { PortalId = portal.Id, Name = brandName });
        var user = await admin.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = userName });
        var token = await admin.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = user.Id, Scopes = { scopes } });
        return new ProvisionedBrand(brand, user, token.Token, token.Info.Id);
    }
}
