using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

[RequireAnyToken]
public sealed class IdentityService : Identity.IdentityBase
{
    public override Task<Principal> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        return Task.FromResult(new Principal
        {
            BrandId = caller.BrandId,
            BrandName = caller.BrandName,
            PortalId = caller.PortalId,
            PortalName = caller.PortalName,
            ApiUserId = caller.ApiUserId,
            ApiUserName = caller.ApiUserName,
            TokenId = caller.TokenId,
            Scopes = { caller.Scopes },
        });
    }
}
