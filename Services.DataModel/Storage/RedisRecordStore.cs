using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Paging;
using System.Text.Json;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.V1;
using StackExchange.Redis;

namespace Deployteq.DataModel.Storage;

public sealed class RedisRecordStore(IConnectionMultiplexer redis, TimeProvider clock) : IRecordStore
{
    // Deleted customer ids are remembered this long: longer than any request that checked the
    // customer before its delete can take to reach Redis.
    public static readonly TimeSpan DeletedCustomerMemory = TimeSpan.FromDays(1);

    private const int DeleteAttempts = 5;

    private IDatabase Db => redis.GetDatabase();

    public async Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(long brandId, ModuleDefinition module, IReadOnlyList<RecordWrite> rows, Actor actor)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        // One script call for the whole batch: Redis pays its per-call cost once, not per row.
        var keys = new List<RedisKey>(5 + rows.Count * 4)
        {
            DataModelKeys.Module(brandId, module.Name), DataModelKeys.Usage(brandId, module.Name),
            DataModelKeys.Changes(brandId, module.Name), DataModelKeys.Customers(brandId), DataModelKeys.DeletedCustomers(brandId),
        };
        var args = new List<RedisValue>(6 + rows.Count * 8)
        {
            module.Version, module.Name, clock.GetUtcNow().ToUnixTimeMilliseconds(), actor.ApiUserId, actor.ApiUserName, Limits.MaxHistoryEntries,
        };
        foreach (var row in rows)
        {
            keys.Add(DataModelKeys.Record(brandId, module.Name, row.Key));
            keys.Add(DataModelKeys.History(brandId, module.Name, row.Key));
            keys.Add(DataModelKeys.CustomerRecords(brandId, module.Name, row.CustomerId));
            keys.Add(DataModelKeys.CustomerModules(brandId, row.CustomerId));
            args.Add(row.CustomerId);
            args.Add(row.Key);
            args.Add(row.EncodedValues.Count);
            foreach (var (name, value) in row.EncodedValues)
            {
                args.Add(name);
                args.Add(value);
            }
        }

        var answers = (RedisResult[])(await Db.ScriptEvaluateAsync(DataModelScripts.UpsertRecord, [.. keys], [.. args]))!;
        var outcomes = new List<UpsertOutcome>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var action = (string)answers[3 * i]!;
            var created = DateTimeOffset.FromUnixTimeMilliseconds((long)answers[3 * i + 1]);
            var updated = DateTimeOffset.FromUnixTimeMilliseconds((long)answers[3 * i + 2]);
            outcomes.Add(action switch
            {
                "created" => new UpsertOutcome(UpsertStatus.Created, created, updated),
                "updated" => new UpsertOutcome(UpsertStatus.Updated, created, updated),
                "key_taken" => new UpsertOutcome(UpsertStatus.KeyTaken, default, default),
                "customer_deleted" => new UpsertOutcome(UpsertStatus.CustomerDeleted, default, default),
                "module_changed" => new UpsertOutcome(UpsertStatus.ModuleChanged, default, default),
                var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
            });
        }

        return outcomes;
    }

    public async Task<StoredRecord?> GetAsync(long brandId, string module, string key) =>
        ReadRecord(key, await Db.HashGetAllAsync(DataModelKeys.Record(brandId, module, key)));

    public async Task<bool> DeleteAsync(long brandId, string module, string key)
    {
        for (var attempt = 0; attempt < DeleteAttempts; attempt++)
        {
            var customer = await Db.HashGetAsync(DataModelKeys.Record(brandId, module, key), "_c");
            if (customer.IsNull)
            {
                return false;
            }

            var customerId = (long)customer;
            RedisKey[] keys =
            [
                DataModelKeys.Usage(brandId, module), DataModelKeys.Record(brandId, module, key),
                DataModelKeys.History(brandId, module, key), DataModelKeys.Changes(brandId, module),
                DataModelKeys.CustomerRecords(brandId, module, customerId), DataModelKeys.CustomerModules(brandId, customerId),
                DataModelKeys.Customers(brandId),
            ];
            var result = (RedisResult[])(await Db.ScriptEvaluateAsync(DataModelScripts.DeleteRecord, keys, [customerId, key, module]))!;
            switch ((string)result[0]!)
            {
                case "ok":
                    return true;
                case "not_found":
                    return false;
            }
        }

        throw new InvalidOperationException("The record kept changing hands while it was being deleted.");
    }

    public async Task<Page<StoredRecord>> ListByCustomerAsync(long brandId, string module, long customerId, long after, int pageSize)
    {
        var entries = await Db.SortedSetRangeByScoreWithScoresAsync(
            DataModelKeys.CustomerRecords(brandId, module, customerId), after, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        return await ReadPageAsync(brandId, module, entries, pageSize);
    }

    public async Task<Page<StoredRecord>> ListByChangeAsync(long brandId, string module, long fromStamp, long after, int pageSize)
    {
        var start = Math.Max(fromStamp, after + 1);
        var entries = await Db.SortedSetRangeByScoreWithScoresAsync(
            DataModelKeys.Changes(brandId, module), start, double.PositiveInfinity, Exclude.None, Order.Ascending, 0, pageSize + 1);
        return await ReadPageAsync(brandId, module, entries, pageSize);
    }

    public async Task<Page<HistoryRecord>?> ListHistoryAsync(long brandId, string module, string key, long offset, int pageSize)
    {
        var batch = Db.CreateBatch();
        var exists = batch.KeyExistsAsync(DataModelKeys.Record(brandId, module, key));
        var entries = batch.ListRangeAsync(DataModelKeys.History(brandId, module, key), offset, offset + pageSize);
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        var items = (await entries).Take(pageSize).Select(entry => ReadHistory((string)entry!)).ToList();
        return new Page<HistoryRecord>(items, (await entries).Length > pageSize ? offset + pageSize : null);
    }

    public async Task<long> DeleteCustomerAsync(long brandId, long customerId, string? cursor)
    {
        var now = clock.GetUtcNow();
        for (var attempt = 0; attempt < DeleteAttempts; attempt++)
        {
            // Read the layout, then delete it in one script that checks it is still the same.
            var modules = (await Db.SetMembersAsync(DataModelKeys.CustomerModules(brandId, customerId))).Select(m => (string)m!).ToList();
            var batch = Db.CreateBatch();
            var reads = modules.Select(m => batch.SortedSetRangeByRankAsync(DataModelKeys.CustomerRecords(brandId, m, customerId))).ToList();
            batch.Execute();
            var keys = new List<RedisKey>
            {
                DataModelKeys.DeletedCustomers(brandId), DataModelKeys.Customers(brandId),
                DataModelKeys.CustomerModules(brandId, customerId), DataModelKeys.FeedCheckpoint(brandId),
            };
            var args = new List<RedisValue>
            {
                customerId, now.ToUnixTimeMilliseconds(), cursor ?? "", (now - DeletedCustomerMemory).ToUnixTimeMilliseconds(), modules.Count,
            };
            for (var i = 0; i < modules.Count; i++)
            {
                var module = modules[i];
                var recordKeys = (await reads[i]).Select(k => (string)k!).ToList();
                keys.Add(DataModelKeys.Usage(brandId, module));
                keys.Add(DataModelKeys.Changes(brandId, module));
                keys.Add(DataModelKeys.CustomerRecords(brandId, module, customerId));
                args.Add(module);
                args.Add(recordKeys.Count);
                foreach (var key in recordKeys)
                {
                    keys.Add(DataModelKeys.Record(brandId, module, key));
                    keys.Add(DataModelKeys.History(brandId, module, key));
                    args.Add(key);
                }
            }

            var result = (RedisResult[])(await Db.ScriptEvaluateAsync(DataModelScripts.DeleteCustomer, [.. keys], [.. args]))!;
            if ((string)result[0]! == "ok")
            {
                return (long)result[1];
            }
        }

        throw new InvalidOperationException("The customer's records kept changing while they were being deleted.");
    }

    public async Task<IReadOnlyList<long>> CustomersWithRecordsAsync(long brandId, long afterId, int count)
    {
        var members = await Db.SortedSetRangeByScoreAsync(
            DataModelKeys.Customers(brandId), afterId, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, count);
        return members.Select(m => (long)m).ToList();
    }

    public async Task<string?> GetCheckpointAsync(long brandId)
    {
        var value = await Db.StringGetAsync(DataModelKeys.FeedCheckpoint(brandId));
        return value.IsNull ? null : (string)value!;
    }

    public Task SaveCheckpointAsync(long brandId, string cursor) =>
        Db.StringSetAsync(DataModelKeys.FeedCheckpoint(brandId), cursor);

    private async Task<Page<StoredRecord>> ReadPageAsync(long brandId, string module, SortedSetEntry[] entries, int pageSize)
    {
        var batch = Db.CreateBatch();
        var reads = entries.Take(pageSize)
            .Select(entry => (Key: (string)entry.Element!, Hash: batch.HashGetAllAsync(DataModelKeys.Record(brandId, module, (string)entry.Element!))))
            .ToList();
        batch.Execute();
        var records = new List<StoredRecord>(reads.Count);
        var positions = new List<long>(reads.Count);
        for (var index = 0; index < reads.Count; index++)
        {
            // A record deleted between the index read and this one is simply left out.
            if (ReadRecord(reads[index].Key, await reads[index].Hash) is { } record)
            {
                records.Add(record);
                positions.Add((long)entries[index].Score);
            }
        }

        return new Page<StoredRecord>(records, entries.Length > pageSize ? (long)entries[pageSize - 1].Score : null, positions);
    }

    private static StoredRecord? ReadRecord(string key, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        long customerId = 0, created = 0, updated = 0;
        var values = new Dictionary<string, Value>(entries.Length);
        foreach (var entry in entries)
        {
            var name = (string)entry.Name!;
            switch (name)
            {
                case "_c":
                    customerId = (long)entry.Value;
                    break;
                case "_ct":
                    created = (long)entry.Value;
                    break;
                case "_ut":
                    updated = (long)entry.Value;
                    break;
                default:
                    values[name[2..]] = ValueCodec.Decode((string)entry.Value!);
                    break;
            }
        }

        return new StoredRecord(key, customerId, values, DateTimeOffset.FromUnixTimeMilliseconds(created), DateTimeOffset.FromUnixTimeMilliseconds(updated));
    }

    private static HistoryRecord ReadHistory(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        // cjson writes an empty list as {}, so only an array holds field names.
        var changed = root.GetProperty("f") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(field => field.GetString() ?? "").ToList()
            : [];
        return new HistoryRecord(
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(root.GetProperty("t").GetString()!)),
            long.Parse(root.GetProperty("u").GetString()!),
            root.GetProperty("n").GetString() ?? "",
            root.GetProperty("a").GetString() ?? "",
            changed);
    }
}
