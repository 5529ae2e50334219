using Deployteq.Customers.Model;

namespace Deployteq.Customers.Storage;

// Read tokens for connectors: they belong to the brand's connector API user, so that a `pega`
// token can manage these and no other tokens.
public interface IConnectorTokenStore
{
    // NOT_FOUND when the brand does not exist.
    Task<CreatedToken> CreateReadTokenAsync(long brandId, string description);

    // False when the id is not a token of the brand's connector user.
    Task<bool> RevokeReadTokenAsync(long brandId, long tokenId);
}
