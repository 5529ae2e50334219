using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// Every key of the service: `cust:` and a per-brand hash tag, so that all keys of a brand share
// one Redis Cluster slot and its scripts may touch them together.
public static partial class RedisKeys
{
    public static string Brand(long brandId) => $"cust:{{b{brandId}}}:";

    public static RedisKey BrandRecord(long brandId) => Brand(brandId) + "brand";

    public static RedisKey CustomerSequence(long brandId) => Brand(brandId) + "seq:customer";

    public static RedisKey EmailIndex(long brandId) => Brand(brandId) + "idx:email";

    public static RedisKey ExternalIdIndex(long brandId) => Brand(brandId) + "idx:ext";

    public static RedisKey CustomerIds(long brandId) => Brand(brandId) + "customers";

    public static RedisKey Customer(long brandId, long customerId) => Brand(brandId) + "c:" + customerId;

    public static RedisKey History(long brandId, long customerId) => Brand(brandId) + "h:" + customerId;

    public static RedisKey CustomerGroups(long brandId, long customerId) => Brand(brandId) + "cg:" + customerId;

    public static RedisKey GroupSequence(long brandId) => Brand(brandId) + "seq:group";

    public static RedisKey GroupNameIndex(long brandId) => Brand(brandId) + "idx:group";

    public static RedisKey GroupIds(long brandId) => Brand(brandId) + "groups";

    public static RedisKey Group(long brandId, long groupId) => Brand(brandId) + "g:" + groupId;

    public static RedisKey GroupMembers(long brandId, long groupId) => Brand(brandId) + "gm:" + groupId;

    public static RedisKey UserSequence(long brandId) => Brand(brandId) + "seq:user";

    public static RedisKey UserIds(long brandId) => Brand(brandId) + "users";

    public static RedisKey User(long brandId, long userId) => Brand(brandId) + "user:" + userId;

    public static RedisKey TokenSequence(long brandId) => Brand(brandId) + "seq:token";

    public static RedisKey TokenIds(long brandId) => Brand(brandId) + "tokens";

    public static RedisKey Token(long brandId, long tokenId) => Brand(brandId) + "token:" + tokenId;

    // The id of the brand's connector API user, to whom connector read tokens belong.
    public static RedisKey ConnectorUser(long brandId) => Brand(brandId) + "connector_user";

    // Portals and the brand sequence are not per brand; each has a tag of its own.
    public static RedisKey PortalSequence => "cust:{portals}:seq";

    public static RedisKey BrandSequence => "cust:{brands}:seq";

    public static RedisKey Portal(long portalId) => $"cust:{{p{portalId}}}:portal";
}
