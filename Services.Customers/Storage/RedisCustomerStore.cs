using System.Text.Json;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Errors;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

public sealed partial class RedisCustomerStore(IConnectionMultiplexer redis, TimeProvider clock) : ICustomerStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<CustomerRecord> CreateAsync(long brandId, NewCustomer customer, Actor actor)
    {
        var args = Common(brandId, actor);
        args.Add(customer.EmailAddress);
        args.Add(CustomerHash.IndexKey(customer.EmailAddress));
        args.Add(customer.ExternalId);
        AddPairs(args, customer.Fields);
        var result = await EvaluateAsync(LuaScripts.CreateCustomer, brandId, args);
        return ReadRecord(result);
    }

    public async Task<CustomerRecord?> GetAsync(long brandId, long customerId) =>
        CustomerHash.Read(await Db.HashGetAllAsync(RedisKeys.Customer(brandId, customerId)));

    public Task<CustomerRecord?> GetByEmailAddressAsync(long brandId, string emailAddress) =>
        GetByIndexAsync(brandId, RedisKeys.EmailIndex(brandId), CustomerHash.IndexKey(emailAddress));

    public Task<CustomerRecord?> GetByExternalIdAsync(long brandId, string externalId) =>
        GetByIndexAsync(brandId, RedisKeys.ExternalIdIndex(brandId), externalId);

    public async Task<CustomerRecord> UpdateAsync(long brandId, CustomerChange change, Actor actor)
    {
        var args = Common(brandId, actor);
        args.Add(change.CustomerId);
        args.Add((change.EmailAddress is null ? "" : "E") + (change.ExternalId is null ? "" : "X") + (change.ReplaceAllFields ? "F" : ""));
        args.Add(change.EmailAddress ?? "");
        args.Add(change.EmailAddress is null ? "" : CustomerHash.IndexKey(change.EmailAddress));
        args.Add(change.ExternalId ?? "");
        args.Add(change.SetFields.Count);
        AddPairs(args, change.SetFields);
        args.AddRange(change.RemoveFields.Select(name => (RedisValue)name));
        var result = await EvaluateAsync(LuaScripts.UpdateCustomer, brandId, args);
        return ReadRecord(result);
    }

    public async Task<bool> DeleteAsync(long brandId, long customerId)
    {
        var args = Common(brandId, actor: null);
        args.Add(customerId);
        var result = await EvaluateAsync(LuaScripts.DeleteCustomer, brandId, args);
        return (string)result[0]! == "ok";
    }

    public async Task<Page<CustomerRecord>> ListAsync(long brandId, long afterId, int pageSize)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(
            RedisKeys.CustomerIds(brandId), afterId, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        var batch = Db.CreateBatch();
        var reads = ids.Take(pageSize).Select(id => batch.HashGetAllAsync(RedisKeys.Customer(brandId, (long)id))).ToList();
        batch.Execute();
        var customers = (await Task.WhenAll(reads)).Select(CustomerHash.Read).OfType<CustomerRecord>().ToList();
        return new Page<CustomerRecord>(customers, ids.Length > pageSize ? (long)ids[pageSize - 1] : null);
    }

    public async Task<IReadOnlyList<ImportOutcome>> ImportAsync(long brandId, IReadOnlyList<ImportRow> rows, Actor actor)
    {
        var keys = CustomerKeys(brandId);
        var batch = Db.CreateBatch();
        var pending = new List<Task<RedisResult>>(rows.Count);
        foreach (var row in rows)
        {
            var args = Common(brandId, actor);
            args.Add(row.MatchByExternalId ? "x" : "e");
            args.Add(row.EmailAddress);
            args.Add(row.EmailAddress.Length == 0 ? "" : CustomerHash.IndexKey(row.EmailAddress));
            args.Add(row.ExternalId);
            AddPairs(args, row.Fields);
            pending.Add(batch.ScriptEvaluateAsync(LuaScripts.ImportCustomer, keys, [.. args]));
        }

        batch.Execute();
        var outcomes = new List<ImportOutcome>(rows.Count);
        foreach (var result in await Task.WhenAll(pending))
        {
            outcomes.Add((string)((RedisResult[])result!)[0]! switch
            {
                "created" => ImportOutcome.Created,
                "updated" => ImportOutcome.Updated,
                "email_taken" => ImportOutcome.EmailAddressTaken,
                "external_id_taken" => ImportOutcome.ExternalIdTaken,
                "email_required" => ImportOutcome.EmailAddressRequired,
                var other => throw new InvalidOperationException($"Unexpected import result '{other}'."),
            });
        }

        return outcomes;
    }

    public async Task<Page<HistoryRecord>?> ListHistoryAsync(long brandId, long customerId, long offset, int pageSize)
    {
        var batch = Db.CreateBatch();
        var exists = batch.KeyExistsAsync(RedisKeys.Customer(brandId, customerId));
        var entries = batch.ListRangeAsync(RedisKeys.History(brandId, customerId), offset, offset + pageSize);
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        var items = (await entries).Take(pageSize).Select(entry => ReadHistory((string)entry!)).ToList();
        return new Page<HistoryRecord>(items, (await entries).Length > pageSize ? offset + pageSize : null);
    }

    // Long enough for an emit to be retried; the Events service retries within minutes.
    public static readonly TimeSpan ActivityMemory = TimeSpan.FromDays(7);

    public async Task<CustomerRecord> RecordMailabilityAsync(long brandId, long customerId, MailabilityEvent mailabilityEvent, string activityUuid, Actor actor)
    {
        var args = Common(brandId, actor);
        args.Add(customerId);
        args.Add(mailabilityEvent switch
        {
            MailabilityEvent.HardBounce => "hard",
            MailabilityEvent.SoftBounce => "soft",
            MailabilityEvent.Engagement => "engagement",
            MailabilityEvent.Complaint => "complaint",
            MailabilityEvent.Unsubscribe => "unsubscribe",
            _ => throw new ArgumentOutOfRangeException(nameof(mailabilityEvent)),
        });
        args.Add(activityUuid);
        args.Add((long)ActivityMemory.TotalSeconds);
        var result = await EvaluateAsync(LuaScripts.RecordMailability, brandId, args);
        return ReadRecord(result);
    }

    private async Task<CustomerRecord?> GetByIndexAsync(long brandId, RedisKey index, string entry)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(LuaScripts.GetByIndex, [index], [RedisKeys.Brand(brandId), entry]))!;
        return (string)result[0]! == "ok" ? CustomerHash.Read(result, 1) : null;
    }

    private async Task<RedisResult[]> EvaluateAsync(string script, long brandId, List<RedisValue> args) =>
        (RedisResult[])(await Db.ScriptEvaluateAsync(script, CustomerKeys(brandId), [.. args]))!;

    private static RedisKey[] CustomerKeys(long brandId) =>
    [
        RedisKeys.CustomerSequence(brandId), RedisKeys.EmailIndex(brandId),
        RedisKeys.ExternalIdIndex(brandId), RedisKeys.CustomerIds(brandId),
    ];

    private List<RedisValue> Common(long brandId, Actor? actor) =>
    [
        RedisKeys.Brand(brandId), clock.GetUtcNow().ToUnixTimeMilliseconds(),
        actor?.ApiUserId ?? 0, actor?.ApiUserName ?? "",
    ];

    private static void AddPairs(List<RedisValue> args, IReadOnlyDictionary<string, string> fields)
    {
        foreach (var (name, value) in fields)
        {
            args.Add(name);
            args.Add(value);
        }
    }

    private static CustomerRecord ReadRecord(RedisResult[] result) => (string)result[0]! switch
    {
        "ok" => CustomerHash.Read(result, 1),
        "not_found" => throw Problems.NotFound("No such customer in this brand."),
        "email_taken" => throw Problems.AlreadyExists("Another customer of this brand has that e-mail address."),
        "external_id_taken" => throw Problems.AlreadyExists("Another customer of this brand has that external id."),
        var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
    };

    private static HistoryRecord ReadHistory(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        // cjson writes an empty list as {}, so only an array holds field names.
        var changed = root.GetProperty("f") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(field => field.GetString() ?? "").ToList()
            : [];
        return new HistoryRecord(
            DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("t").GetInt64()),
            root.GetProperty("u").GetInt64(),
            root.GetProperty("n").GetString() ?? "",
            root.GetProperty("a").GetString() ?? "",
            changed);
    }
}
