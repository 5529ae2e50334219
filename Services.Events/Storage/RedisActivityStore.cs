using Deployteq.Events.Model;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Streams;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.Events.Storage;

// One Redis Stream per brand (entry fields: `a` the activity as protobuf, `mid` its metric id,
// which the append script assigns, and `tp` / `ts` the emit's W3C trace context when it had one). Each batch method is one script call: a batch of a thousand
// costs Redis a few commands, not a thousand.
public sealed class RedisActivityStore(IConnectionMultiplexer redis, IOptions<EventsOptions> options, TimeProvider time) : IActivityStore
{
    private const string ActivityField = "a";
    private const string MetricIdField = "mid";
    private const string TraceParentField = "tp";
    private const string TraceStateField = "ts";

    private IDatabase Database => redis.GetDatabase();

    private EventsOptions Options => options.Value;

    public async Task<IReadOnlyList<ClaimResult>> ClaimAsync(long brandId, IReadOnlyList<string> uuids, string claim)
    {
        if (uuids.Count == 0)
        {
            return [];
        }

        var keys = new RedisKey[uuids.Count + 1];
        keys[0] = EventsKeys.Stream(brandId);
        for (var index = 0; index < uuids.Count; index++)
        {
            keys[index + 1] = EventsKeys.Uuid(brandId, uuids[index]);
        }

        var replies = (RedisResult[])(await Database.ScriptEvaluateAsync(
            EventsScripts.Claim, keys, [claim, (long)Options.ClaimLifetime.TotalMilliseconds]))!;
        return replies.Select(reply =>
        {
            var parts = (RedisResult[])reply!;
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
        if (uuids.Count > 0)
        {
            await Database.ScriptEvaluateAsync(EventsScripts.Release, uuids.Select(uuid => EventsKeys.Uuid(brandId, uuid)).ToArray(), [claim]);
        }
    }

    public async Task<IReadOnlyList<KnownBroadcast?>> GetBroadcastsAsync(long brandId, IReadOnlyList<BroadcastLookup> lookups)
    {
        if (lookups.Count == 0)
        {
            return [];
        }

        var keys = new RedisKey[lookups.Count * 2];
        var customers = new RedisValue[lookups.Count];
        for (var index = 0; index < lookups.Count; index++)
        {
            keys[index * 2] = EventsKeys.Broadcast(brandId, lookups[index].BroadcastId);
            keys[index * 2 + 1] = EventsKeys.BroadcastRecipients(brandId, lookups[index].BroadcastId);
            customers[index] = lookups[index].CustomerId;
        }

        var replies = (RedisResult[])(await Database.ScriptEvaluateAsync(EventsScripts.Lookup, keys, customers))!;
        return replies.Select(reply =>
        {
            var parts = (RedisResult[])reply!;
            return parts[0].IsNull ? null : Known((byte[])parts[0]!, parts[1].IsNull ? null : (byte[])parts[1]!);
        }).ToList();
    }

    public async Task<IReadOnlyList<EmitOutcome>> AppendAsync(long brandId, IReadOnlyList<NewEntry> entries, DateTimeOffset now)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        // A key's index in KEYS (1-based, as Lua counts). Uuid markers are one per entry; the
        // counter and broadcast keys are shared by many entries and are made once per call.
        var keys = new List<RedisKey>(2 + entries.Count + 4) { EventsKeys.Stream(brandId), EventsKeys.TrimmedThrough(brandId) };
        int Add(RedisKey key)
        {
            keys.Add(key);
            return keys.Count;
        }

        var counterKeys = new Dictionary<Metric, int>();
        var broadcastKeys = new Dictionary<long, (int Shared, int Recipients)>();
        var args = new List<RedisValue>(5 + entries.Count * 10)
        {
            now.ToUnixTimeMilliseconds(),
            StreamCursor.TrimBelow(now, Options.Retention).ToString(),
            EventsKeys.Appended(brandId).ToString(),
            (long)(Options.Retention + TimeSpan.FromDays(1)).TotalMilliseconds,
            (long)(Options.Retention + TimeSpan.FromDays(1)).TotalMilliseconds,
        };
        foreach (var entry in entries)
        {
            var activity = entry.Activity;
            args.Add((entry.UuidGiven ? 1 : 0) + (entry.RecipientBroadcast is null ? 0 : 2));
            args.Add(Add(EventsKeys.Uuid(brandId, activity.Uuid)));
            if (activity.Metric != Metric.Broadcasts && !counterKeys.ContainsKey(activity.Metric))
            {
                counterKeys[activity.Metric] = Add(EventsKeys.MetricCounter(brandId, activity.Metric));
            }

            args.Add(activity.Metric == Metric.Broadcasts ? 0 : counterKeys[activity.Metric]);
            args.Add(activity.ToByteArray());
            args.Add(entry.Trace.Parent ?? "");
            args.Add(entry.Trace.State ?? "");
            if (entry.RecipientBroadcast is { } details)
            {
                // What recipients may share is the details without the manual options; the
                // options go in the recipient's record (and the details too, by the script, when
                // the broadcast's shared details are not these).
                var options = details.BroadcastManualOptions ?? new Struct();
                details.BroadcastManualOptions = null;
                var withoutOptions = details.ToByteArray();
                details.BroadcastManualOptions = options;
                var record = new RecipientBroadcast { ManualOptions = options, EmailAddress = entry.RecipientAddress ?? "" };
                if (!broadcastKeys.TryGetValue(activity.BroadcastId, out var broadcastKey))
                {
                    broadcastKey = broadcastKeys[activity.BroadcastId] = (
                        Add(EventsKeys.Broadcast(brandId, activity.BroadcastId)), Add(EventsKeys.BroadcastRecipients(brandId, activity.BroadcastId)));
                }

                args.Add(broadcastKey.Shared);
                args.Add(broadcastKey.Recipients);
                args.Add(activity.CustomerId);
                args.Add(withoutOptions);
                args.Add(record.ToByteArray());
            }
        }

        var replies = (RedisResult[])(await Database.ScriptEvaluateAsync(EventsScripts.Append, [.. keys], [.. args]))!;
        return replies.Select((reply, index) =>
        {
            var parts = (RedisResult[])reply!;
            if ((int)parts[0] == 1)
            {
                return ReadDuplicate(parts);
            }

            // The entry's own activity (serialized above already): it only lacked its metric id.
            var stored = entries[index].Activity;
            stored.MetricId = (long)parts[2];
            return new EmitOutcome(stored, StreamCursor.Parse(parts[1].ToString()), Duplicate: false);
        }).ToList();
    }

    public async Task<StreamBounds> GetBoundsAsync(long brandId)
    {
        var database = Database;
        var trimmed = database.StringGetAsync(EventsKeys.TrimmedThrough(brandId));
        var lastGenerated = StreamCursor.Zero;
        try
        {
            lastGenerated = PositionOrZero((await database.StreamInfoAsync(EventsKeys.Stream(brandId))).LastGeneratedId);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // A brand that has never emitted.
        }

        return new StreamBounds(lastGenerated, PositionOrZero(await trimmed));
    }

    public async Task<StreamPage> ReadAsync(long brandId, StreamCursor from, StreamCursor? to, int count)
    {
        var reply = (RedisResult[])(await Database.ScriptEvaluateAsync(
            EventsScripts.Read,
            [EventsKeys.Stream(brandId), EventsKeys.TrimmedThrough(brandId)],
            [from.ToString(), to?.ToString() ?? "+", count]))!;
        var entries = ((RedisResult[])reply[1]!).Select(entry =>
        {
            var parts = (RedisResult[])entry!;
            var fields = (RedisResult[])parts[1]!;
            return new StoredActivity(StreamCursor.Parse(parts[0].ToString()), Decode(fields), TraceOf(fields));
        }).ToList();
        return new StreamPage(PositionOrZero((RedisValue)reply[0]), entries);
    }

    public Task<IAsyncDisposable> WatchAsync(long brandId, Action onAppended) =>
        StreamNotices.WatchAsync(redis, EventsKeys.Appended(brandId), onAppended);

    public Task<long> TrimExpiredAsync(CancellationToken cancellationToken) =>
        StreamRetention.TrimAsync(
            redis, EventsKeys.StreamPattern, EventsKeys.TrimmedThroughOf, StreamCursor.TrimBelow(time.GetUtcNow(), Options.Retention).ToString(), cancellationToken);

    private static KnownBroadcast Known(byte[] shared, byte[]? recipient)
    {
        var details = BroadcastDetails.Parser.ParseFrom(shared);
        if (recipient is null)
        {
            details.BroadcastManualOptions = new Struct();
            return new KnownBroadcast(details, RecipientAddress: null);
        }

        var record = RecipientBroadcast.Parser.ParseFrom(recipient);
        if (record.Details is { } own)
        {
            details = own;
        }

        details.BroadcastManualOptions = record.ManualOptions ?? new Struct();
        return new KnownBroadcast(details, record.EmailAddress.Length > 0 ? record.EmailAddress : null);
    }

    private static EmitOutcome ReadDuplicate(RedisResult[] parts)
    {
        var position = StreamCursor.Parse(parts[1].ToString());
        return parts.Length < 3
            ? new EmitOutcome(null, position, Duplicate: true)
            : new EmitOutcome(Decode((RedisResult[])parts[2]!), position, Duplicate: true);
    }

    // An entry's fields as Redis gives them: name, value, name, value.
    private static Activity Decode(RedisResult[] fields)
    {
        Activity? activity = null;
        long metricId = 0;
        for (var index = 0; index + 1 < fields.Length; index += 2)
        {
            var name = fields[index].ToString();
            if (name == ActivityField)
            {
                activity = Activity.Parser.ParseFrom((byte[])fields[index + 1]!);
            }
            else if (name == MetricIdField)
            {
                metricId = (long)fields[index + 1];
            }
        }

        activity ??= new Activity();
        activity.MetricId = metricId;
        return activity;
    }

    private static EmitTrace TraceOf(RedisResult[] fields)
    {
        string? parent = null;
        string? state = null;
        for (var index = 0; index + 1 < fields.Length; index += 2)
        {
            switch (fields[index].ToString())
            {
                case TraceParentField:
                    parent = fields[index + 1].ToString();
                    break;
                case TraceStateField:
                    state = fields[index + 1].ToString();
                    break;
            }
        }

        return new EmitTrace(parent, state);
    }

    private static StreamCursor PositionOrZero(RedisValue value) =>
        StreamCursor.TryParse(value.IsNull ? null : value.ToString(), out var position) ? position : StreamCursor.Zero;
}
