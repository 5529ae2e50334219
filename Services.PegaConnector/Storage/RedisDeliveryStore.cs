using System.Globalization;
using Deployteq.PegaConnector.Delivery;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.V1;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.PegaConnector.Storage;

public sealed class RedisDeliveryStore(IConnectionMultiplexer redis, IOptions<PegaConnectorOptions> options, TimeProvider clock) : IDeliveryStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<long> TryAcquireLeaseAsync(InstallationKey key, string owner, TimeSpan lifetime) =>
        (long)await Db.ScriptEvaluateAsync(PegaConnectorScripts.AcquireLease, [PegaConnectorKeys.Lease(key), PegaConnectorKeys.LeaseEpoch(key)], [owner, (long)lifetime.TotalMilliseconds]);

    public async Task<bool> RenewLeaseAsync(InstallationKey key, string token, TimeSpan lifetime, ReportedStatus status)
    {
        var batch = Db.CreateBatch();
        var renewed = batch.ScriptEvaluateAsync(PegaConnectorScripts.RenewLease, [PegaConnectorKeys.Lease(key)], [token, (long)lifetime.TotalMilliseconds]);
        var statusKey = PegaConnectorKeys.Status(key);
        var written = batch.HashSetAsync(statusKey,
        [
            new("state", (int)status.State),
            new("lag_activities", status.LagActivities),
            new("lag_seconds", status.LagSeconds.ToString("F3", CultureInfo.InvariantCulture)),
            new("error", status.LastError),
            new("error_time", status.LastErrorMilliseconds),
            new("limit", status.Pace.ConcurrencyLimit),
            new("in_flight", status.Pace.InFlight),
            new("held_until", status.Pace.HeldUntilMilliseconds),
            new("held_by", status.Pace.HeldBy),
        ]);
        // Status nobody renews is stale: it goes with the lease.
        var expiry = batch.KeyExpireAsync(statusKey, lifetime * 2);
        batch.Execute();
        await Task.WhenAll(renewed, written, expiry);
        return (long)(await renewed) == 1;
    }

    public Task ReleaseLeaseAsync(InstallationKey key, string token) =>
        Db.ScriptEvaluateAsync(PegaConnectorScripts.ReleaseLease, [PegaConnectorKeys.Lease(key)], [token, PegaConnectorKeys.LeaseReleased.ToString()]);

    public Task OnLeaseReleasedAsync(Action released) => redis.GetSubscriber().SubscribeAsync(PegaConnectorKeys.LeaseReleased, (_, _) => released());

    public async Task<string?> GetCheckpointAsync(InstallationKey key, string pass)
    {
        var value = await Db.StringGetAsync(PegaConnectorKeys.Checkpoint(key, pass));
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    public async Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(
        InstallationKey key, string pass, IReadOnlyList<string> uuids, Lease lease, TimeSpan lifetime)
    {
        var keys = new RedisKey[uuids.Count + 2];
        keys[0] = PegaConnectorKeys.Installation(key);
        keys[1] = PegaConnectorKeys.Lease(key);
        for (var index = 0; index < uuids.Count; index++)
        {
            keys[index + 2] = PegaConnectorKeys.Mark(key, pass, uuids[index]);
        }

        var results = (RedisResult[])(await Db.ScriptEvaluateAsync(PegaConnectorScripts.Claim, keys, [lease.Token, lease.Epoch, (long)lifetime.TotalMilliseconds]))!;
        return results.Select(result => (DeliveryClaim)(int)result).ToList();
    }

    public async Task CompleteAsync(
        InstallationKey key, string pass, string token, long version, IReadOnlyList<Completion> completions, string? checkpoint, CompletionCounters counters)
    {
        if (completions.Count == 0 && checkpoint is null && counters.IsEmpty)
        {
            return;
        }

        var keys = new RedisKey[7 + completions.Count];
        keys[0] = PegaConnectorKeys.Lease(key);
        keys[1] = PegaConnectorKeys.Checkpoint(key, pass);
        keys[2] = PegaConnectorKeys.Stats(key);
        keys[3] = PegaConnectorKeys.DeadIndex(key);
        keys[4] = PegaConnectorKeys.DeadLetters(key);
        keys[5] = PegaConnectorKeys.Redrive(key);
        keys[6] = PegaConnectorKeys.Installation(key);
        var values = new RedisValue[8 + completions.Count * 3];
        values[0] = token;
        values[1] = checkpoint ?? "";
        values[2] = (long)options.Value.DeliveredRecordLifetime.TotalMilliseconds;
        values[3] = clock.GetUtcNow().ToUnixTimeMilliseconds();
        values[4] = counters.Retried;
        values[5] = counters.Failed;
        values[6] = counters.DuplicatesAvoided;
        values[7] = version;
        for (var index = 0; index < completions.Count; index++)
        {
            var completion = completions[index];
            keys[7 + index] = PegaConnectorKeys.Mark(key, pass, completion.Uuid);
            values[8 + index * 3] = completion.IsDead ? "x" : "d";
            values[9 + index * 3] = completion.Uuid;
            values[10 + index * 3] = completion.DeadLetter?.ToByteArray() ?? [];
        }

        await Db.ScriptEvaluateAsync(PegaConnectorScripts.Complete, keys, values);
    }

    public async Task<IReadOnlyList<DeadLetter>> GetRedriveQueueAsync(InstallationKey key) =>
        (await Db.HashGetAllAsync(PegaConnectorKeys.Redrive(key))).Select(entry => DeadLetter.Parser.ParseFrom((byte[])entry.Value!)).ToList();

    public async Task<(IReadOnlyList<DeadLetter> Page, bool More)> ListDeadLettersAsync(InstallationKey key, long offset, int count)
    {
        var uuids = await Db.SortedSetRangeByRankAsync(PegaConnectorKeys.DeadIndex(key), offset, offset + count, Order.Descending);
        var page = uuids.Take(count).ToArray();
        if (page.Length == 0)
        {
            return ([], false);
        }

        var letters = await Db.HashGetAsync(PegaConnectorKeys.DeadLetters(key), page);
        return (letters.Where(letter => !letter.IsNull).Select(letter => DeadLetter.Parser.ParseFrom((byte[])letter!)).ToList(), uuids.Length > count);
    }

    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(InstallationKey key) =>
        (await Db.HashGetAllAsync(PegaConnectorKeys.DeadLetters(key))).Select(entry => DeadLetter.Parser.ParseFrom((byte[])entry.Value!)).ToList();

    public Task<bool> IsDeadLetterAsync(InstallationKey key, string uuid) => Db.HashExistsAsync(PegaConnectorKeys.DeadLetters(key), uuid);

    public async Task<long> RedriveAsync(InstallationKey key, IReadOnlyList<string> uuids)
    {
        if (uuids.Count == 0)
        {
            return 0;
        }

        RedisKey[] keys = [PegaConnectorKeys.DeadIndex(key), PegaConnectorKeys.DeadLetters(key), PegaConnectorKeys.Redrive(key), .. uuids.Select(uuid => PegaConnectorKeys.Mark(key, PegaConnectorKeys.LivePass, uuid))];
        return (long)await Db.ScriptEvaluateAsync(PegaConnectorScripts.Redrive, keys, uuids.Select(uuid => (RedisValue)uuid).ToArray());
    }

    public async Task<long> PurgeAsync(InstallationKey key, IReadOnlyList<string> uuids)
    {
        if (uuids.Count == 0)
        {
            return 0;
        }

        return (long)await Db.ScriptEvaluateAsync(
            PegaConnectorScripts.Purge, [PegaConnectorKeys.DeadIndex(key), PegaConnectorKeys.DeadLetters(key)], uuids.Select(uuid => (RedisValue)uuid).ToArray());
    }
}
