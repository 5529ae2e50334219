namespace Deployteq.ServiceDefaults.Auth;

// The real check of a bearer token, against the store that owns tokens: Customers reads Redis,
// every other service asks Customers. Throws RpcException(Unauthenticated) when the token is
// unknown, revoked, expired or its user or brand is gone. Each check also records the token's
// use for the 60-day idle rule.
public interface ITokenVerifier
{
    Task<CallerIdentity> VerifyAsync(string token, CancellationToken cancellationToken);
}
