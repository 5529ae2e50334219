using System.Globalization;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Security;
using Deployteq.PegaConnector.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;

namespace Deployteq.PegaConnector.Storage;

public sealed class RedisInstallationStore(IConnectionMultiplexer redis, CredentialProtector protector) : IInstallationStore
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<long> NextIdAsync(long brandId) => await Db.StringIncrementAsync(PegaConnectorKeys.Sequence(brandId));

    public async Task<long> NowMillisecondsAsync()
    {
        var time = (RedisResult[])(await Db.ExecuteAsync("TIME"))!;
        return long.Parse((string)time[0]!, CultureInfo.InvariantCulture) * 1000
            + long.Parse((string)time[1]!, CultureInfo.InvariantCulture) / 1000;
    }

    public async Task CreateAsync(InstallationRecord record)
    {
        var key = new InstallationKey(record.BrandId, record.Id);
        // Indexed first: an index entry without an installation is skipped by the scan, while an
        // installation without an index entry would never be delivered.
        await Db.SetAddAsync(PegaConnectorKeys.Index, key.ToString());
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(PegaConnectorKeys.Installation(key), Fields(record, record.Version, record.CredentialsVersion));
        _ = transaction.SortedSetAddAsync(PegaConnectorKeys.Installations(record.BrandId), record.Id, record.Id);
        await transaction.ExecuteAsync();
    }

    public async Task<InstallationRecord?> GetAsync(InstallationKey key) => Parse(key, await Db.HashGetAllAsync(PegaConnectorKeys.Installation(key)));

    public async Task<long?> GetVersionAsync(InstallationKey key)
    {
        var version = await Db.HashGetAsync(PegaConnectorKeys.Installation(key), "ver");
        return version.IsNull ? null : (long)version;
    }

    // Two round trips for a page of any size: the ids, then every installation with its status
    // in one pipeline. (One would need a script that makes keys it was not given.)
    public async Task<(IReadOnlyList<(InstallationRecord Record, InstallationStatus Status)> Page, long? NextAfter)> ListPageAsync(
        long brandId, long afterId, int count)
    {
        var ids = await Db.SortedSetRangeByScoreAsync(PegaConnectorKeys.Installations(brandId), afterId, double.PositiveInfinity, Exclude.Start, take: count + 1);
        var batch = Db.CreateBatch();
        var reads = ids.Take(count).Select(id =>
        {
            var key = new InstallationKey(brandId, (long)id);
            return (Key: key, Record: batch.HashGetAllAsync(PegaConnectorKeys.Installation(key)), Status: ReadStatus(batch, key));
        }).ToList();
        batch.Execute();
        var page = new List<(InstallationRecord, InstallationStatus)>(reads.Count);
        foreach (var read in reads)
        {
            // Deleted between the two reads: left out.
            if (Parse(read.Key, await read.Record) is { } record)
            {
                page.Add((record, await StatusOf(record, read.Status)));
            }
        }

        return (page, ids.Length > count ? (long)ids[count - 1] : null);
    }

    public async Task<bool> UpdateAsync(InstallationRecord record, bool credentialsChanged)
    {
        var key = new InstallationKey(record.BrandId, record.Id);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(PegaConnectorKeys.Installation(key)));
        _ = transaction.HashSetAsync(PegaConnectorKeys.Installation(key), Fields(record, record.Version + 1, record.CredentialsVersion + (credentialsChanged ? 1 : 0)));
        if (credentialsChanged)
        {
            _ = transaction.HashDeleteAsync(PegaConnectorKeys.Installation(key), ["pause_reason", "pause_cred_ver"]);
        }

        return await transaction.ExecuteAsync();
    }

    public async Task DeleteAsync(InstallationKey key, long replayId)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(PegaConnectorKeys.AllOf(key, replayId).ToArray());
        _ = transaction.SortedSetRemoveAsync(PegaConnectorKeys.Installations(key.BrandId), key.InstallationId);
        await transaction.ExecuteAsync();
        await Db.SetRemoveAsync(PegaConnectorKeys.Index, key.ToString());
    }

    public async Task<IReadOnlyList<InstallationKey>> ListAllAsync()
    {
        var members = await Db.SetMembersAsync(PegaConnectorKeys.Index);
        var keys = new List<InstallationKey>(members.Length);
        foreach (var member in members)
        {
            if (InstallationKey.TryParse(member.ToString(), out var key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    public async Task<InstallationStatus> GetStatusAsync(InstallationKey key, InstallationRecord record)
    {
        var batch = Db.CreateBatch();
        var reads = ReadStatus(batch, key);
        batch.Execute();
        return await StatusOf(record, reads);
    }

    public async Task PauseAsync(InstallationKey key, long credentialsVersion, string reason)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(PegaConnectorKeys.Installation(key), "cred_ver", credentialsVersion));
        _ = transaction.HashSetAsync(PegaConnectorKeys.Installation(key), [new("pause_reason", reason), new("pause_cred_ver", credentialsVersion)]);
        // The reason is the last error too, from the moment the pause is visible.
        _ = transaction.HashSetAsync(PegaConnectorKeys.Status(key), [new("error", reason), new("error_time", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);
        await transaction.ExecuteAsync();
    }

    public async Task<long> StartReplayAsync(InstallationKey key, long fromMilliseconds, long toMilliseconds)
    {
        var installation = PegaConnectorKeys.Installation(key);
        while (true)
        {
            var current = await Db.HashGetAsync(installation, "replay_id");
            var next = (current.IsNull ? 0 : (long)current) + 1;
            var transaction = Db.CreateTransaction();
            transaction.AddCondition(Condition.KeyExists(installation));
            transaction.AddCondition(current.IsNull ? Condition.HashNotExists(installation, "replay_id") : Condition.HashEqual(installation, "replay_id", current));
            _ = transaction.HashSetAsync(installation, [new("replay_id", next), new("replay_from", fromMilliseconds), new("replay_to", toMilliseconds)]);
            _ = transaction.HashIncrementAsync(installation, "ver");
            if (current is { IsNull: false })
            {
                _ = transaction.KeyDeleteAsync(PegaConnectorKeys.Checkpoint(key, PegaConnectorKeys.ReplayPass((long)current)));
            }

            if (await transaction.ExecuteAsync())
            {
                return next;
            }

            if (!await Db.KeyExistsAsync(installation))
            {
                return 0;
            }
        }
    }

    public async Task FinishReplayAsync(InstallationKey key, long replayId)
    {
        var installation = PegaConnectorKeys.Installation(key);
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(installation, "replay_id", replayId));
        _ = transaction.HashSetAsync(installation, "replay_to", 0);
        _ = transaction.KeyDeleteAsync(PegaConnectorKeys.Checkpoint(key, PegaConnectorKeys.ReplayPass(replayId)));
        await transaction.ExecuteAsync();
    }

    private InstallationRecord? Parse(InstallationKey key, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(entry => entry.Name.ToString(), entry => entry.Value);
        string Text(string name) => fields.TryGetValue(name, out var value) ? value.ToString() : "";
        long Number(string name) => fields.TryGetValue(name, out var value) && value.TryParse(out long number) ? number : 0;
        return new InstallationRecord
        {
            BrandId = key.BrandId,
            Id = key.InstallationId,
            EndpointUrl = Text("url"),
            Username = Text("user"),
            Password = protector.Unprotect(Text("pwd")),
            EventsToken = protector.Unprotect(Text("tok")),
            EventsTokenId = Number("tok_id"),
            Activities = Text("kinds").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kind => (ActivityKind)int.Parse(kind, CultureInfo.InvariantCulture)).ToList(),
            InvoiceInterval = (InvoiceInterval)Number("inv"),
            PoNumber = Text("po"),
            ManualOptionDefaults = fields.TryGetValue("defaults", out var defaults) && !defaults.IsNullOrEmpty ? Struct.Parser.ParseFrom((byte[])defaults!) : new Struct(),
            Created = DateTimeOffset.FromUnixTimeMilliseconds(Number("created")),
            Updated = DateTimeOffset.FromUnixTimeMilliseconds(Number("updated")),
            StartMilliseconds = Number("start"),
            Version = Number("ver"),
            CredentialsVersion = Number("cred_ver"),
            PauseReason = Text("pause_reason"),
            PausedAtCredentialsVersion = Number("pause_cred_ver"),
            ReplayId = Number("replay_id"),
            ReplayFromMilliseconds = Number("replay_from"),
            ReplayToMilliseconds = Number("replay_to"),
        };
    }

    private static (Task<HashEntry[]> Stats, Task<HashEntry[]> Status, Task<RedisValue> Checkpoint) ReadStatus(IBatch batch, InstallationKey key) =>
        (batch.HashGetAllAsync(PegaConnectorKeys.Stats(key)), batch.HashGetAllAsync(PegaConnectorKeys.Status(key)), batch.StringGetAsync(PegaConnectorKeys.Checkpoint(key, PegaConnectorKeys.LivePass)));

    private static async Task<InstallationStatus> StatusOf(
        InstallationRecord record, (Task<HashEntry[]> Stats, Task<HashEntry[]> Status, Task<RedisValue> Checkpoint) reads)
    {
        var counters = (await reads.Stats).ToDictionary(entry => entry.Name.ToString(), entry => (long)entry.Value);
        var reported = (await reads.Status).ToDictionary(entry => entry.Name.ToString(), entry => entry.Value);
        long Count(string name) => counters.GetValueOrDefault(name);
        long Reported(string name) => reported.TryGetValue(name, out var value) && value.TryParse(out long number) ? number : 0;
        var state = record.IsPaused ? InstallationState.Paused
            : reported.ContainsKey("state") ? (InstallationState)Reported("state")
            : InstallationState.Starting;
        var errorMilliseconds = Reported("error_time");
        return new InstallationStatus(
            state,
            new DeliveryCounts
            {
                Delivered = Count("delivered"), Retried = Count("retried"), Failed = Count("failed"), Dead = Count("dead"), DuplicatesAvoided = Count("dup"),
            },
            Reported("lag_activities"),
            reported.TryGetValue("lag_seconds", out var lagSeconds) ? (double)lagSeconds : 0,
            reported.TryGetValue("error", out var error) ? error.ToString() : "",
            errorMilliseconds > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(errorMilliseconds) : null,
            (await reads.Checkpoint).ToString() ?? "",
            new PaceReport(
                (int)Reported("limit"), (int)Reported("in_flight"), Reported("held_until"),
                reported.TryGetValue("held_by", out var heldBy) ? heldBy.ToString() : ""));
    }

    private HashEntry[] Fields(InstallationRecord record, long version, long credentialsVersion) =>
    [
        new("url", record.EndpointUrl),
        new("user", record.Username),
        new("pwd", protector.Protect(record.Password)),
        new("tok", protector.Protect(record.EventsToken)),
        new("tok_id", record.EventsTokenId),
        new("kinds", string.Join(',', record.Activities.Select(kind => ((int)kind).ToString(CultureInfo.InvariantCulture)))),
        new("inv", (int)record.InvoiceInterval),
        new("po", record.PoNumber),
        new("defaults", record.ManualOptionDefaults.ToByteArray()),
        new("created", record.Created.ToUnixTimeMilliseconds()),
        new("updated", record.Updated.ToUnixTimeMilliseconds()),
        new("start", record.StartMilliseconds),
        new("ver", version),
        new("cred_ver", credentialsVersion),
    ];
}
