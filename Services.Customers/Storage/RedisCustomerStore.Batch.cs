using Deployteq.Customers.Model;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

public sealed partial class RedisCustomerStore
{
    public async Task<IReadOnlyList<CustomerRecord?>> GetManyAsync(long brandId, IReadOnlyList<long> customerIds)
    {
        var keys = customerIds.Select(id => RedisKeys.Customer(brandId, id)).ToArray();
        var replies = (RedisResult[])(await Db.ScriptEvaluateAsync(LuaScripts.BatchGetCustomers, keys))!;
        return replies.Select(reply =>
        {
            var fields = (RedisResult[])reply!;
            return fields.Length == 0 ? null : CustomerHash.Read(fields, 0);
        }).ToList();
    }

    public async Task<MailabilityBatchResult> RecordMailabilityEventsAsync(long brandId, IReadOnlyList<MailabilityBatchItem> items, Actor actor)
    {
        var keys = new RedisKey[items.Count * 3];
        var args = new List<RedisValue>(4 + items.Count * 2)
        {
            clock.GetUtcNow().ToUnixTimeMilliseconds(), actor.ApiUserId, actor.ApiUserName, (long)ActivityMemory.TotalSeconds,
        };
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            keys[index * 3] = RedisKeys.Customer(brandId, item.CustomerId);
            keys[index * 3 + 1] = RedisKeys.History(brandId, item.CustomerId);
            keys[index * 3 + 2] = RedisKeys.ActivityMarker(brandId, item.ActivityUuid);
            args.Add(EventName(item.Event));
            args.Add(item.ActivityUuid.Length > 0 ? "1" : "");
        }

        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(LuaScripts.RecordMailabilityBatch, keys, [.. args]))!;
        if ((string)reply[0]! == "not_found")
        {
            return new MailabilityBatchResult([], reply.Skip(1).Select(position => (int)position - 1).ToList());
        }

        var counts = new List<MailabilityCounts>(items.Count);
        for (var index = 0; index < items.Count; index++)
        {
            var at = 1 + index * 4;
            counts.Add(new MailabilityCounts((int)reply[at], (int)reply[at + 1], (int)reply[at + 2], (int)reply[at + 3] == 1));
        }

        return new MailabilityBatchResult(counts, []);
    }

    private static string EventName(MailabilityEvent mailabilityEvent) => mailabilityEvent switch
    {
        MailabilityEvent.HardBounce => "hard",
        MailabilityEvent.SoftBounce => "soft",
        MailabilityEvent.Engagement => "engagement",
        MailabilityEvent.Complaint => "complaint",
        MailabilityEvent.Unsubscribe => "unsubscribe",
        _ => throw new ArgumentOutOfRangeException(nameof(mailabilityEvent)),
    };
}
