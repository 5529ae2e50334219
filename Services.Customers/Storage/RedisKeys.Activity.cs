using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

public static partial class RedisKeys
{
    // An activity's mailability event, once recorded: the counts it left ("hard:soft:complaints").
    // mailability.lua builds the same name from the brand prefix.
    public static RedisKey ActivityMarker(long brandId, string activityUuid) => Brand(brandId) + "mk:" + activityUuid;
}
