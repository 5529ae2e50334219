using Deployteq.Customers.Model;

namespace Deployteq.Customers.Storage;

// Portals, brands, API users and their tokens.
public interface ITenantStore
{
    Task<PortalRecord> CreatePortalAsync(string name);

    // NOT_FOUND when the portal does not exist.
    Task<BrandRecord> CreateBrandAsync(long portalId, string name);

    Task<BrandRecord?> GetBrandAsync(long brandId);

    // NOT_FOUND when the brand does not exist.
    Task<ApiUserRecord> CreateApiUserAsync(long brandId, string name);

    Task<IReadOnlyList<ApiUserRecord>> ListApiUsersAsync(long brandId);

    Task<bool> DeleteApiUserAsync(long brandId, long apiUserId);

    // NOT_FOUND when the user does not exist in the brand.
    Task<CreatedToken> CreateTokenAsync(long brandId, long apiUserId, IReadOnlyList<string> scopes, string description);

    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(long brandId);

    // The revocation reaches every Customers instance (and so every service) in the same step.
    Task<bool> RevokeTokenAsync(long brandId, long tokenId);

    // False when the brand has no such token.
    Task<bool> DeleteTokenAsync(long brandId, long tokenId);

    // False when there was no such brand and nothing of it was left.
    Task<bool> DeleteBrandAsync(long brandId);
}
