using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Auth;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

public sealed partial class RedisCustomerStore
{
    // One HMGET of the brand's records hash.
    public async Task<IReadOnlyList<CustomerRecord?>> GetManyAsync(long brandId, IReadOnlyList<long> customerIds)
    {
        var records = await Db.HashGetAsync(CustomersKeys.CustomerRecords(brandId), customerIds.Select(id => (RedisValue)id).ToArray());
        return records.Select(Read).ToList();
    }

    public async Task<MailabilityBatchResult> RecordMailabilityEventsAsync(long brandId, IReadOnlyList<MailabilityBatchItem> items, Actor actor)
    {
        RedisKey[] keys =
        [
            .. CustomersKeys.CustomerScriptKeys(brandId),
            .. items.Select(item => CustomersKeys.ActivityMarker(brandId, item.ActivityUuid)),
        ];
        var args = Common(brandId, actor);
        args.Add((long)ActivityMemory.TotalSeconds);
        foreach (var item in items)
        {
            args.Add(item.CustomerId);
            args.Add(EventName(item.Event));
            args.Add(item.ActivityUuid.Length > 0 ? "1" : "");
        }

        var reply = await EvaluateAsync(CustomersScripts.RecordMailabilityBatch, keys, args);
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
}
