using Deployteq.Customers.V1;
using Grpc.Core;

namespace Deployteq.ServiceDefaults.Auth;

// Authenticates a caller by asking Customers, which owns tokens, who the caller's own token
// belongs to (Identity.WhoAmI). No cache: a revoked token must stop working at once.
public sealed class RemoteTokenAuthenticator(Identity.IdentityClient identity) : ITokenAuthenticator
{
    public async Task<CallerIdentity> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        Principal principal;
        try
        {
            principal = await identity.WhoAmIAsync(new WhoAmIRequest(), BearerToken.Header(token), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            // Customers' own message, which never contains the token.
            throw new RpcException(new Status(StatusCode.Unauthenticated, exception.Status.Detail));
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Customers, which checks tokens, is unreachable; retry later."));
        }

        return new CallerIdentity(
            principal.BrandId, principal.BrandName, principal.PortalId, principal.PortalName,
            principal.ApiUserId, principal.ApiUserName, principal.TokenId, [.. principal.Scopes]);
    }
}
