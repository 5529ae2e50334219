using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Calls;

namespace Deployteq.ServiceDefaults.Auth;

// Verifies a caller's token by asking Customers, which owns tokens, who it belongs to
// (Identity.WhoAmI), checked in Redis rather than in Customers' own memory: this service keeps
// the answer, and must not keep one that Customers had not yet learnt was revoked.
public sealed class RemoteTokenVerifier(Identity.IdentityClient identity) : ITokenVerifier
{
    private static readonly WhoAmIRequest InStore = new() { VerifyInStore = true };

    public async Task<CallerIdentity> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        var principal = await CustomersFailure.CallAsync(
            () => identity.WhoAmIAsync(InStore, BearerToken.Header(token), cancellationToken: cancellationToken).ResponseAsync, "Checking your token");

        return new CallerIdentity(
            principal.BrandId, principal.BrandName, principal.PortalId, principal.PortalName,
            principal.ApiUserId, principal.ApiUserName, principal.TokenId, [.. principal.Scopes]);
    }
}
