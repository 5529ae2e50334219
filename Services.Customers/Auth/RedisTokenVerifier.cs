using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using StackExchange.Redis;

namespace Deployteq.Customers.Auth;

// Customers owns the tokens, so it verifies them in Redis: one script checks the hash, the brand,
// revocation, the user and the idle limit, and records the use.
public sealed class RedisTokenVerifier(IConnectionMultiplexer redis, TimeProvider clock) : ITokenVerifier
{
    public async Task<CallerIdentity> VerifyAsync(string token, CancellationToken cancellationToken)
    {
        if (!TokenFormat.TryParse(token, out var brandId, out var tokenId, out var hash))
        {
            throw Problems.Unauthenticated("Unknown token.");
        }

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            CustomersScripts.Authenticate,
            [CustomersKeys.Token(brandId, tokenId), CustomersKeys.BrandRecord(brandId), CustomersKeys.ApiUserNames(brandId)],
            [
                clock.GetUtcNow().ToUnixTimeMilliseconds(), hash,
                (long)TokenPolicy.IdleLifetime.TotalMilliseconds, (long)TokenPolicy.LastUsedResolution.TotalMilliseconds,
            ]))!;
        return (string)result[0]! switch
        {
            "ok" => new CallerIdentity(
                brandId,
                BrandName: (string)result[4]!,
                PortalId: long.Parse((string)result[5]!),
                PortalName: (string)result[6]!,
                ApiUserId: long.Parse((string)result[1]!),
                ApiUserName: (string)result[2]!,
                TokenId: tokenId,
                Scopes: ((string)result[3]!).Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            "revoked" => throw Problems.Unauthenticated("The token has been revoked."),
            "user_deleted" => throw Problems.Unauthenticated("The token's API user has been deleted."),
            "brand_removed" => throw Problems.Unauthenticated("The token's brand has been removed."),
            "expired" => throw Problems.Unauthenticated("The token expired: unused for 60 days."),
            _ => throw Problems.Unauthenticated("Unknown token."),
        };
    }
}
