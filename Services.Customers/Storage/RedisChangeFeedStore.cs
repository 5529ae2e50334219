using System.Text.Json;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// Entry fields, as common.lua writes them: `k` c/u/d, `id` the customer, `u` the API user,
// `t` the time (Unix ms), `f` the changed field names (a JSON list; {} when none).
public sealed class RedisChangeFeedStore(IConnectionMultiplexer redis, TimeProvider clock, IOptions<ChangeFeedOptions> options) : IChangeFeedStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<ChangeBounds> GetBoundsAsync(long brandId)
    {
        var batch = Db.CreateBatch();
        var trimmed = batch.StringGetAsync(CustomersKeys.ChangesTrimmedThrough(brandId));
        var last = batch.StreamRangeAsync(CustomersKeys.Changes(brandId), "-", "+", 1, Order.Descending);
        batch.Execute();
        var newest = await last;
        var lastWritten = newest.Length == 0 ? StreamCursor.Zero : StreamCursor.Parse(newest[0].Id!);
        var trimmedThrough = Position(await trimmed);
        // A feed trimmed to nothing still wrote up to what was trimmed.
        return new ChangeBounds(lastWritten > trimmedThrough ? lastWritten : trimmedThrough, trimmedThrough);
    }

    public async Task<(IReadOnlyList<StoredChange> Changes, ChangeBounds Bounds)> ReadAsync(long brandId, StreamCursor from, int count)
    {
        var batch = Db.CreateBatch();
        var trimmed = batch.StringGetAsync(CustomersKeys.ChangesTrimmedThrough(brandId));
        var entries = batch.StreamRangeAsync(CustomersKeys.Changes(brandId), from.ToString(), "+", count);
        batch.Execute();
        var changes = (await entries).Select(Read).ToList();
        var trimmedThrough = Position(await trimmed);
        return (changes, new ChangeBounds(changes.Count > 0 ? changes[^1].Position : StreamCursor.Zero, trimmedThrough));
    }

    public Task<IAsyncDisposable> WatchAsync(long brandId, Action onAppended) =>
        StreamNotices.WatchAsync(redis, CustomersKeys.ChangesAppended(brandId), onAppended);

    public async Task<(DateTimeOffset? PreviousExpiry, StreamCursor Newest)> AcknowledgeAsync(
        long brandId, string follower, StreamCursor applied, DateTimeOffset now, DateTimeOffset expires)
    {
        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(
            CustomersScripts.AcknowledgeChanges,
            [CustomersKeys.Followers(brandId), CustomersKeys.Changes(brandId), CustomersKeys.ChangesTrimmedThrough(brandId)],
            [follower, applied.ToString(), now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds()]))!;
        var previous = reply[0].IsNull ? (FollowerState?)null : FollowerState.Parse((string)reply[0]!);
        return (previous?.Expires, StreamCursor.Parse((string)reply[1]!));
    }

    public async Task<IReadOnlyList<FollowerState>> GetFollowersAsync(long brandId) =>
        (await Db.HashValuesAsync(CustomersKeys.Followers(brandId))).Select(value => FollowerState.Parse((string)value!)).ToList();

    public Task<long> TrimExpiredAsync(CancellationToken cancellationToken) =>
        StreamRetention.TrimAsync(
            redis,
            CustomersKeys.ChangesPattern,
            key => CustomersKeys.BrandOf(key) is { } brandId ? CustomersKeys.ChangesTrimmedThrough(brandId) : (RedisKey?)null,
            StreamCursor.TrimBelow(clock.GetUtcNow(), options.Value.Retention).ToString(),
            cancellationToken);

    private static StoredChange Read(StreamEntry entry)
    {
        string kind = "", changed = "{}";
        long customerId = 0, apiUserId = 0, time = 0;
        foreach (var value in entry.Values)
        {
            switch ((string)value.Name!)
            {
                case "k": kind = (string)value.Value!; break;
                case "id": customerId = (long)value.Value; break;
                case "u": apiUserId = (long)value.Value; break;
                case "t": time = (long)value.Value; break;
                case "f": changed = (string)value.Value!; break;
            }
        }

        using var document = JsonDocument.Parse(changed);
        IReadOnlyList<string> fields = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Select(field => field.GetString() ?? "").ToList()
            : [];
        return new StoredChange(
            StreamCursor.Parse(entry.Id!),
            customerId,
            kind switch
            {
                "c" => ChangeKind.Created,
                "d" => ChangeKind.Deleted,
                _ => ChangeKind.Updated,
            },
            fields,
            DateTimeOffset.FromUnixTimeMilliseconds(time),
            apiUserId);
    }

    private static StreamCursor Position(RedisValue value) =>
        StreamCursor.TryParse(value.IsNull ? null : (string)value!, out var position) ? position : StreamCursor.Zero;
}
