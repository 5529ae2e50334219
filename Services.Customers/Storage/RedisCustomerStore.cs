using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Paging;
using System.Text.Json;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// Customers in Redis: one records hash per brand, its indexes, history and change feed, each
// write one script (common.lua and its companions) that names every key in KEYS.
public sealed partial class RedisCustomerStore(IConnectionMultiplexer redis, TimeProvider clock, IOptions<ChangeFeedOptions> changes) : ICustomerStore
{
    // Long enough for an emit to be retried; the Events service retries within minutes.
    public static readonly TimeSpan ActivityMemory = TimeSpan.FromDays(7);

    private IDatabase Db => redis.GetDatabase();

    public async Task<CustomerRecord> CreateAsync(long brandId, NewCustomer customer, Actor actor)
    {
        var args = Common(brandId, actor);
        args.Add(customer.EmailAddress);
        args.Add(CustomerJson.IndexKey(customer.EmailAddress));
        args.Add(customer.ExternalId);
        AddPairs(args, customer.Fields);
        return ReadRecord(await EvaluateAsync(CustomersScripts.CreateCustomer, CustomersKeys.CustomerScriptKeys(brandId), args));
    }

    public async Task<CustomerRecord?> GetAsync(long brandId, long customerId) =>
        Read(await Db.HashGetAsync(CustomersKeys.CustomerRecords(brandId), customerId));

    public Task<CustomerRecord?> GetByEmailAddressAsync(long brandId, string emailAddress) =>
        GetByIndexAsync(brandId, CustomersKeys.EmailIndex(brandId), CustomerJson.IndexKey(emailAddress));

    public Task<CustomerRecord?> GetByExternalIdAsync(long brandId, string externalId) =>
        GetByIndexAsync(brandId, CustomersKeys.ExternalIdIndex(brandId), externalId);

    public async Task<CustomerRecord> UpdateAsync(long brandId, CustomerChange change, Actor actor)
    {
        var args = Common(brandId, actor);
        args.Add(change.CustomerId);
        args.Add((change.EmailAddress is null ? "" : "E") + (change.ExternalId is null ? "" : "X") + (change.ReplaceAllFields ? "F" : ""));
        args.Add(change.EmailAddress ?? "");
        args.Add(change.EmailAddress is null ? "" : CustomerJson.IndexKey(change.EmailAddress));
        args.Add(change.ExternalId ?? "");
        args.Add(change.SetFields.Count);
        AddPairs(args, change.SetFields);
        args.AddRange(change.RemoveFields.Select(name => (RedisValue)name));
        return ReadRecord(await EvaluateAsync(CustomersScripts.UpdateCustomer, CustomersKeys.CustomerScriptKeys(brandId), args));
    }

    public async Task<StreamCursor?> DeleteAsync(long brandId, long customerId)
    {
        var args = Common(brandId, actor: null);
        args.Add(customerId);
        var result = await EvaluateAsync(CustomersScripts.DeleteCustomer, CustomersKeys.CustomerScriptKeys(brandId), args);
        return (string)result[0]! == "ok" ? StreamCursor.Parse((string)result[1]!) : null;
    }

    public async Task<Page<CustomerRecord>> ListAsync(long brandId, long afterId, int pageSize)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(
            CustomersKeys.CustomerIds(brandId), afterId, double.PositiveInfinity, Exclude.Start, Order.Ascending, 0, pageSize + 1);
        var page = ids.Take(pageSize).ToArray();
        var records = page.Length == 0 ? [] : await Db.HashGetAsync(CustomersKeys.CustomerRecords(brandId), page);
        var customers = records.Select(Read).OfType<CustomerRecord>().ToList();
        return new Page<CustomerRecord>(customers, ids.Length > pageSize ? (long)ids[pageSize - 1] : null);
    }

    public async Task<IReadOnlyList<ImportOutcome>> ImportAsync(long brandId, IReadOnlyList<ImportRow> rows, Actor actor)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        // One script for the whole batch: Redis pays its per-call cost once, and the change feed
        // is trimmed and its watchers woken once.
        var args = Common(brandId, actor);
        foreach (var row in rows)
        {
            args.Add(row.MatchByExternalId ? "x" : "e");
            args.Add(row.EmailAddress);
            args.Add(row.EmailAddress.Length == 0 ? "" : CustomerJson.IndexKey(row.EmailAddress));
            args.Add(row.ExternalId);
            args.Add(row.Fields.Count);
            AddPairs(args, row.Fields);
        }

        var outcomes = await EvaluateAsync(CustomersScripts.ImportCustomers, CustomersKeys.CustomerScriptKeys(brandId), args);
        return outcomes.Select(outcome => (string)outcome! switch
        {
            "created" => ImportOutcome.Created,
            "updated" => ImportOutcome.Updated,
            "email_taken" => ImportOutcome.EmailAddressTaken,
            "external_id_taken" => ImportOutcome.ExternalIdTaken,
            "email_required" => ImportOutcome.EmailAddressRequired,
            "too_many_fields" => ImportOutcome.TooManyFields,
            var other => throw new InvalidOperationException($"Unexpected import result '{other}'."),
        }).ToList();
    }

    public async Task<Page<HistoryRecord>?> ListHistoryAsync(long brandId, long customerId, long offset, int pageSize)
    {
        var padded = CustomersKeys.Padded(customerId);
        var batch = Db.CreateBatch();
        var exists = batch.HashExistsAsync(CustomersKeys.CustomerRecords(brandId), customerId);
        var entries = batch.SortedSetRangeByValueAsync(
            CustomersKeys.History(brandId), padded + ":", padded + ";", Exclude.Stop, Order.Ascending, offset, pageSize + 1);
        batch.Execute();
        if (!await exists)
        {
            return null;
        }

        var found = await entries;
        var items = found.Take(pageSize).Select(entry => ReadHistory((string)entry!)).ToList();
        return new Page<HistoryRecord>(items, found.Length > pageSize ? offset + pageSize : null);
    }

    public async Task<CustomerRecord> RecordMailabilityAsync(long brandId, long customerId, MailabilityEvent mailabilityEvent, string activityUuid, Actor actor)
    {
        var args = Common(brandId, actor);
        args.Add(customerId);
        args.Add(EventName(mailabilityEvent));
        args.Add(activityUuid.Length > 0 ? "1" : "");
        args.Add((long)ActivityMemory.TotalSeconds);
        RedisKey[] keys = [.. CustomersKeys.CustomerScriptKeys(brandId), CustomersKeys.ActivityMarker(brandId, activityUuid)];
        var result = await EvaluateAsync(CustomersScripts.RecordMailability, keys, args);
        var record = ReadRecord(result);
        // An activity recorded before answers with the counts it left then.
        return result.Length == 5
            ? record with { Mailability = record.Mailability with { HardBounces = (int)result[2], SoftBounces = (int)result[3], Complaints = (int)result[4] } }
            : record;
    }

    private async Task<CustomerRecord?> GetByIndexAsync(long brandId, RedisKey index, string entry) =>
        Read((RedisValue)await Db.ScriptEvaluateAsync(CustomersScripts.GetByIndex, [index, CustomersKeys.CustomerRecords(brandId)], [entry]));

    private async Task<RedisResult[]> EvaluateAsync(string script, RedisKey[] keys, List<RedisValue> args) =>
        (RedisResult[])(await Db.ScriptEvaluateAsync(script, keys, [.. args]))!;

    // common.lua's ARGV[1..5]: now, who, where to trim the change feed and whom to notify (once
    // per script each).
    private List<RedisValue> Common(long brandId, Actor? actor)
    {
        var now = clock.GetUtcNow();
        return
        [
            now.ToUnixTimeMilliseconds(), actor?.ApiUserId ?? 0, actor?.ApiUserName ?? "",
            StreamCursor.TrimBelow(now, changes.Value.Retention).ToString(), CustomersKeys.ChangesAppended(brandId).ToString(),
        ];
    }

    private static void AddPairs(List<RedisValue> args, IReadOnlyDictionary<string, string> fields)
    {
        foreach (var (name, value) in fields)
        {
            args.Add(name);
            args.Add(value);
        }
    }

    private static CustomerRecord? Read(RedisValue json) => json.IsNull ? null : CustomerJson.Read((byte[])json!);

    private static CustomerRecord ReadRecord(RedisResult[] result) => (string)result[0]! switch
    {
        "ok" => CustomerJson.Read((byte[])result[1]!),
        "not_found" => throw Problems.NotFound("No such customer in this brand."),
        "email_taken" => throw Problems.AlreadyExists("Another customer of this brand has that e-mail address."),
        "external_id_taken" => throw Problems.AlreadyExists("Another customer of this brand has that external id."),
        // Only an update can meet it: a new customer's fields are checked with the request.
        "too_many_fields" => throw RequestValidator.Invalid(
            "customer.fields", $"would give the customer {(long)result[1]} custom fields; it may hold at most {Limits.MaxCustomFields}"),
        var other => throw new InvalidOperationException($"Unexpected script result '{other}'."),
    };

    private static string EventName(MailabilityEvent mailabilityEvent) => mailabilityEvent switch
    {
        MailabilityEvent.HardBounce => "hard",
        MailabilityEvent.SoftBounce => "soft",
        MailabilityEvent.Engagement => "engagement",
        MailabilityEvent.Complaint => "complaint",
        MailabilityEvent.Unsubscribe => "unsubscribe",
        _ => throw new ArgumentOutOfRangeException(nameof(mailabilityEvent)),
    };

    // A history member: `<customer>:<sequence>:<entry as JSON>`.
    private static HistoryRecord ReadHistory(string member)
    {
        var json = member[(member.IndexOf(':', member.IndexOf(':') + 1) + 1)..];
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
