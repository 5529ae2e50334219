using Deployteq.Events.V1;
using StackExchange.Redis;

namespace Deployteq.Events.Storage;

// Every key of this service: the `evt:` prefix and a per-brand hash tag, so that all keys of a
// brand fall in one cluster slot and the scripts may touch several of them (DESIGN.md "Redis").
public static class EventsKeys
{
    // SCAN pattern for the retention sweep; braces are literal in a Redis glob.
    public const string StreamPattern = "evt:{b*}:stream";

    public static RedisKey Stream(long brandId) => $"evt:{{b{brandId}}}:stream";

    // The newest position retention has trimmed: readers starting at or before it missed some.
    public static RedisKey TrimmedThrough(long brandId) => $"evt:{{b{brandId}}}:trimmed";

    // The trimmed-through key beside a stream key the retention sweep found (StreamPattern).
    public static RedisKey? TrimmedThroughOf(RedisKey stream) => stream.ToString()[..^"stream".Length] + "trimmed";

    // uuid -> stream position of the stored activity, or "~<claim>" while an emit holds it.
    public static RedisKey Uuid(long brandId, string uuid) => $"evt:{{b{brandId}}}:uuid:{uuid}";

    public static RedisKey MetricCounter(long brandId, Metric metric) =>
        $"evt:{{b{brandId}}}:metric_id:{PegaActivityJson.MetricName(metric)}";

    // The broadcast's shared details (BroadcastDetails protobuf without manual options), as its
    // first broadcast activity gave them.
    public static RedisKey Broadcast(long brandId, long broadcastId) => $"evt:{{b{brandId}}}:broadcast:{broadcastId}";

    // customer id -> RecipientBroadcast (protobuf): that recipient's manual options, address, and
    // details when they are not the shared ones.
    public static RedisKey BroadcastRecipients(long brandId, long broadcastId) => $"evt:{{b{brandId}}}:broadcast:{broadcastId}:r";

    // Published by the append script: wakes the brand's subscribers.
    public static RedisChannel Appended(long brandId) => RedisChannel.Literal($"evt:{{b{brandId}}}:appended");
}
