using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Deployteq.ServiceDefaults.Auth;

// What the authentication interceptor asks: a token kept in the TokenCache costs no call and no
// Redis round trip; any other is verified (ITokenVerifier) and kept while the revocation feed
// allows. A kept token in use is verified again in the background once a minute, which records
// its use for the 60-day idle rule.
public sealed class CachedTokenAuthenticator(ITokenVerifier verifier, TokenCache cache, ILogger<CachedTokenAuthenticator> logger)
    : ITokenAuthenticator
{
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(10);

    public async Task<CallerIdentity> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var key = TokenDigest.Of(token);
        if (cache.TryGet(key, out var caller, out var refreshDue))
        {
            if (refreshDue)
            {
                _ = Task.Run(() => RefreshAsync(token, key), CancellationToken.None);
            }

            return caller;
        }

        var generation = cache.Generation;
        var verified = await verifier.VerifyAsync(token, cancellationToken);
        cache.Add(key, verified, generation);
        return verified;
    }

    private async Task RefreshAsync(string token, TokenDigest key)
    {
        var generation = cache.Generation;
        try
        {
            using var timeout = new CancellationTokenSource(RefreshTimeout);
            cache.Add(key, await verifier.VerifyAsync(token, timeout.Token), generation);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            cache.Remove(key);
        }
        catch (Exception exception) when (exception is RpcException or OperationCanceledException)
        {
            // Kept until MaxAge; the next use tries again.
            logger.LogDebug("A background token check failed: {Reason}", exception.Message);
            cache.RefreshFailed(key);
        }
    }
}
