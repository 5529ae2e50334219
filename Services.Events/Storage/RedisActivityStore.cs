using Deployteq.Events.Model;
using Deployteq.Events.V1;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.Events.Storage;

// One Redis Stream per brand (entry fields: `a` the activity as protobuf, `mid` its metric id,
// which the append script assigns). Batches are sent as one pipeline: every command is issued
// before the first answer is awaited.
public sealed class RedisActivityStore(IConnectionMultiplexer redis, IOptions<EventsOptions> options, TimeProvider time) : IActivityStore
{
    private const string ActivityField = "a";
    private const string MetricIdField = "mid";

    private IDatabase Database => redis.GetDatabase();

    private EventsOptions Options => options.Value;

    public async Task<IReadOnlyList<ClaimResult>> ClaimAsync(long brandId, IReadOnlyList<string> uuids, string claim)
    {
        var database = Database;
        var lifetime = (long)Options.ClaimLifetime.TotalMilliseconds;
        var pending = uuids
            .Select(uuid => database.ScriptEvaluateAsync(
                Scripts.Claim, [EventKeys.Uuid(brandId, uuid), EventKeys.Stream(brandId)], [claim, lifetime]))
            .ToList();
        var results = await Task.WhenAll(pending);
        return results.Select(result =>
        {
            var parts = (RedisResult[])result!;
            return (int)parts[0] switch
            {
                0 => new ClaimResult(ClaimState.Claimed),
                1 => new ClaimResult(ClaimState.Stored, ReadDuplicate(parts)),
                _ => new ClaimResult(ClaimState.HeldElsewhere),
            };
        }).ToList();
    }

    public async Task ReleaseAsync(long brandId, IReadOnlyList<string> uuids, string claim)
    {
        var database = Database;
        await Task.WhenAll(uuids.Select(uuid =>
            database.ScriptEvaluateAsync(Scripts.Release, [EventKeys.Uuid(brandId, uuid)], [claim])));
    }

    public async Task<IReadOnlyList<KnownBroadcast?>> GetBroadcastsAsync(long brandId, IReadOnlyList<BroadcastLookup> lookups)
    {
        var database = Database;
        var details = lookups.Select(lookup => database.StringGetAsync(EventKeys.Broadcast(brandId, lookup.BroadcastId))).ToList();
        var recipients = lookups
            .Select(lookup => database.HashGetAsync(EventKeys.BroadcastRecipients(brandId, lookup.BroadcastId), lookup.CustomerId))
            .ToList();
        await Task.WhenAll(details.Concat<Task>(recipients));
        return lookups.Select((_, index) =>
        {
            var stored = details[index].Result;
            if (stored.IsNull)
            {
                return null;
            }

            var recipient = recipients[index].Result;
            return new KnownBroadcast(BroadcastDetails.Parser.ParseFrom((byte[])stored!), recipient.IsNull ? null : recipient.ToString());
        }).ToList();
    }

    public async Task<IReadOnlyList<EmitOutcome>> AppendAsync(long brandId, IReadOnlyList<NewEntry> entries)
    {
        var database = Database;
        var markerLifetime = (long)(Options.Retention + TimeSpan.FromDays(1)).TotalMilliseconds;
        var trimBelow = TrimBelow().ToString();
        var channel = EventKeys.Appended(brandId).ToString();
        var pending = new List<Task<RedisResult>>(entries.Count);
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            var activity = entry.Activity;
            // One notice per batch: subscribers read everything new when they wake. One trim per
            // batch too: the rest of the batch is as young as its first.
            var notify = index == entries.Count - 1 ? channel : "";
            var trim = index == 0 ? trimBelow : "";
            pending.Add(database.ScriptEvaluateAsync(
                Scripts.Append,
                [
                    EventKeys.Stream(brandId),
                    EventKeys.Uuid(brandId, activity.Uuid),
                    EventKeys.MetricCounter(brandId, activity.Metric),
                    EventKeys.Broadcast(brandId, activity.BroadcastId),
                    EventKeys.BroadcastRecipients(brandId, activity.BroadcastId),
                    EventKeys.TrimmedThrough(brandId),
                ],
                [
                    activity.ToByteArray(),
                    activity.Metric == Metric.Broadcasts ? 0 : 1,
                    markerLifetime,
                    trim,
                    notify,
                    entry.NewBroadcast is null ? RedisValue.EmptyString : entry.NewBroadcast.ToByteArray(),
                    activity.CustomerId,
                    entry.RecipientAddress ?? "",
                ]));
        }

        var results = await Task.WhenAll(pending);
        return results.Select((result, index) =>
        {
            var parts = (RedisResult[])result!;
            if ((int)parts[0] == 1)
            {
                return ReadDuplicate(parts);
            }

            var stored = entries[index].Activity.Clone();
            stored.MetricId = (long)parts[2];
            return new EmitOutcome(stored, StreamCursor.Parse(parts[1].ToString()), Duplicate: false);
        }).ToList();
    }

    public async Task<StreamBounds> GetBoundsAsync(long brandId)
    {
        var database = Database;
        var trimmed = database.StringGetAsync(EventKeys.TrimmedThrough(brandId));
        var lastGenerated = StreamCursor.Zero;
        try
        {
            lastGenerated = PositionOrZero((await database.StreamInfoAsync(EventKeys.Stream(brandId))).LastGeneratedId);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // A brand that has never emitted.
        }

        return new StreamBounds(lastGenerated, PositionOrZero(await trimmed));
    }

    public async Task<IReadOnlyList<StoredActivity>> ReadAsync(long brandId, StreamCursor from, StreamCursor? to, int count)
    {
        var entries = await Database.StreamRangeAsync(
            EventKeys.Stream(brandId), from.ToString(), to?.ToString() ?? "+", count);
        return entries.Select(entry => new StoredActivity(StreamCursor.Parse(entry.Id.ToString()), Decode(entry.Values))).ToList();
    }

    public async Task<IAsyncDisposable> WatchAsync(long brandId, Action onAppended)
    {
        var subscriber = redis.GetSubscriber();
        var channel = EventKeys.Appended(brandId);
        Action<RedisChannel, RedisValue> handler = (_, _) => onAppended();
        await subscriber.SubscribeAsync(channel, handler);
        return new NoticeSubscription(subscriber, channel, handler);
    }

    public async Task<long> TrimExpiredAsync(CancellationToken cancellationToken)
    {
        var trimBelow = TrimBelow().ToString();
        var database = Database;
        long trimmed = 0;
        foreach (var server in redis.GetServers().Where(server => server.IsConnected && !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: EventKeys.StreamPattern, pageSize: 500).WithCancellation(cancellationToken))
            {
                var brandKey = key.ToString();
                var trimmedKey = (RedisKey)(brandKey[..^"stream".Length] + "trimmed");
                trimmed += (long)await database.ScriptEvaluateAsync(Scripts.Trim, [key, trimmedKey], [trimBelow]);
            }
        }

        return trimmed;
    }

    private StreamCursor TrimBelow() =>
        StreamCursor.AtOrAfter(time.GetUtcNow() - Options.Retention);

    private static EmitOutcome ReadDuplicate(RedisResult[] parts)
    {
        var position = StreamCursor.Parse(parts[1].ToString());
        if (parts.Length < 3)
        {
            return new EmitOutcome(null, position, Duplicate: true);
        }

        var fields = (RedisResult[])parts[2]!;
        var values = new NameValueEntry[fields.Length / 2];
        for (var index = 0; index < values.Length; index++)
        {
            values[index] = new NameValueEntry((RedisValue)fields[index * 2], (RedisValue)fields[index * 2 + 1]);
        }

        return new EmitOutcome(Decode(values), position, Duplicate: true);
    }

    private static Activity Decode(NameValueEntry[] values)
    {
        Activity? activity = null;
        long metricId = 0;
        foreach (var value in values)
        {
            if (value.Name == ActivityField)
            {
                activity = Activity.Parser.ParseFrom((byte[])value.Value!);
            }
            else if (value.Name == MetricIdField)
            {
                metricId = (long)value.Value;
            }
        }

        activity ??= new Activity();
        activity.MetricId = metricId;
        return activity;
    }

    private static StreamCursor PositionOrZero(RedisValue value) =>
        StreamCursor.TryParse(value.IsNull ? null : value.ToString(), out var position) ? position : StreamCursor.Zero;
}
