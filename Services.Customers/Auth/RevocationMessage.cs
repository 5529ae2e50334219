using Deployteq.Customers.V1;

namespace Deployteq.Customers.Auth;

// A revocation on the Redis channel between Customers instances: `t <brand> <token>`,
// `u <brand> <user>`, `b <brand>`, or `tick` (an instance's heartbeat).
public static class RevocationMessage
{
    public const string Tick = "tick";

    public static string Format(RevocationNotice notice) => notice.Kind switch
    {
        RevocationKind.TokenRevoked => $"t {notice.BrandId} {notice.TokenId}",
        RevocationKind.ApiUserDeleted => $"u {notice.BrandId} {notice.ApiUserId}",
        RevocationKind.BrandRemoved => $"b {notice.BrandId}",
        _ => throw new ArgumentOutOfRangeException(nameof(notice), notice.Kind, "Only revocations travel between instances."),
    };

    public static bool TryParse(string message, out RevocationNotice notice)
    {
        notice = new RevocationNotice();
        var parts = message.Split(' ');
        if (parts.Length < 2 || !long.TryParse(parts[1], out var brandId))
        {
            return false;
        }

        notice.BrandId = brandId;
        switch (parts[0])
        {
            case "t" when parts.Length == 3 && long.TryParse(parts[2], out var tokenId):
                notice.Kind = RevocationKind.TokenRevoked;
                notice.TokenId = tokenId;
                return true;
            case "u" when parts.Length == 3 && long.TryParse(parts[2], out var userId):
                notice.Kind = RevocationKind.ApiUserDeleted;
                notice.ApiUserId = userId;
                return true;
            case "b" when parts.Length == 2:
                notice.Kind = RevocationKind.BrandRemoved;
                return true;
            default:
                return false;
        }
    }

    public static RevocationNotice TokenRevoked(long brandId, long tokenId) =>
        new() { Kind = RevocationKind.TokenRevoked, BrandId = brandId, TokenId = tokenId };

    public static RevocationNotice ApiUserDeleted(long brandId, long apiUserId) =>
        new() { Kind = RevocationKind.ApiUserDeleted, BrandId = brandId, ApiUserId = apiUserId };

    public static RevocationNotice BrandRemoved(long brandId) =>
        new() { Kind = RevocationKind.BrandRemoved, BrandId = brandId };
}
