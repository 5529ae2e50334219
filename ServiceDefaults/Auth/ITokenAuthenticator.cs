namespace Deployteq.ServiceDefaults.Auth;

// Turns a bearer token into the caller's identity. Customers, which owns tokens, reads them from
// Redis; every other service asks Customers. Throws RpcException(Unauthenticated) when the token
// is unknown, revoked, expired or its user is gone.
public interface ITokenAuthenticator
{
    Task<CallerIdentity> AuthenticateAsync(string token, CancellationToken cancellationToken);
}
