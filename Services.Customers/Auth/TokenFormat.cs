using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Deployteq.Customers.Auth;

// A token reads `dtq_<brand>_<token id>_<secret>`. The ids lead the service to the one record to
// check without a global index (which would break the per-brand key layout); only a SHA-256 of
// the secret is stored.
public static class TokenFormat
{
    private const string Prefix = "dtq";

    public static (string Token, string Hash) Create(long brandId, long tokenId)
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}_{brandId}_{tokenId}_{secret}", Hash(secret));
    }

    public static bool TryParse(string token, out long brandId, out long tokenId, out string hash)
    {
        brandId = tokenId = 0;
        hash = "";
        var parts = token.Split('_', 4);
        if (parts.Length != 4 || parts[0] != Prefix
            || !long.TryParse(parts[1], out brandId) || !long.TryParse(parts[2], out tokenId) || parts[3].Length == 0)
        {
            return false;
        }

        hash = Hash(parts[3]);
        return true;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
