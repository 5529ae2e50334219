using Deployteq.PegaConnector.Model;
using StackExchange.Redis;

namespace Deployteq.PegaConnector.Storage;

// Every key of the connector: the `pega:` prefix and a per-brand hash tag, so that the keys of
// an installation share one Redis Cluster slot and one script may touch them together.
public static class PegaConnectorKeys
{
    // Every installation of every brand ("<brand>:<id>"), for the processes looking for work.
    // Its own tag: it is the one key that is not a brand's.
    public static readonly RedisKey Index = "pega:{index}:installations";

    // The Data Protection key ring (XML elements), which encrypts passwords and Events tokens.
    public static readonly RedisKey DataProtectionKeys = "pega:{dataprotection}:keys";

    // Told whenever a process releases a lease: the others look for work at once.
    public static readonly RedisChannel LeaseReleased = RedisChannel.Literal("pega:{index}:released");

    public static string Brand(long brandId) => $"pega:{{b{brandId}}}:";

    public static RedisKey Sequence(long brandId) => Brand(brandId) + "seq";

    // The brand's installation ids (sorted set, score = id), for listing.
    public static RedisKey Installations(long brandId) => Brand(brandId) + "installations";

    private static string Prefix(InstallationKey key) => $"{Brand(key.BrandId)}i{key.InstallationId}";

    // The settings (hash).
    public static RedisKey Installation(InstallationKey key) => Prefix(key);

    // delivered, retried, failed, dead, dup (hash of counters).
    public static RedisKey Stats(InstallationKey key) => Prefix(key) + ":stats";

    // What the delivering process reports (hash, expires when nobody renews it).
    public static RedisKey Status(InstallationKey key) => Prefix(key) + ":status";

    // The process that delivers the installation (string: "<owner>@<epoch>", with a lifetime).
    public static RedisKey Lease(InstallationKey key) => Prefix(key) + ":lease";

    // How many times the lease was taken (a counter): in-flight marks carry the epoch they were
    // set in, so a later holder knows them for a previous holder's.
    public static RedisKey LeaseEpoch(InstallationKey key) => Prefix(key) + ":epoch";

    // The stream position up to which everything is finished (live delivery, or a replay).
    public static RedisKey Checkpoint(InstallationKey key, string pass) => Prefix(key) + ":" + pass + ":cp";

    // One uuid's delivery mark within a pass: "f:<epoch>" in flight, "d" delivered, "x" dead.
    public static RedisKey Mark(InstallationKey key, string pass, string uuid) => Prefix(key) + ":" + pass + ":u:" + uuid;

    // Dead letters: uuid by time (sorted set) and uuid -> DeadLetter (hash).
    public static RedisKey DeadIndex(InstallationKey key) => Prefix(key) + ":dead";

    public static RedisKey DeadLetters(InstallationKey key) => Prefix(key) + ":dead:data";

    // Dead letters sent again: uuid -> DeadLetter, until delivered or dead again.
    public static RedisKey Redrive(InstallationKey key) => Prefix(key) + ":redrive";

    public static IEnumerable<RedisKey> AllOf(InstallationKey key, long replayId) =>
    [
        Installation(key), Stats(key), Status(key), Lease(key), LeaseEpoch(key), Checkpoint(key, LivePass), Checkpoint(key, ReplayPass(replayId)),
        DeadIndex(key), DeadLetters(key), Redrive(key),
    ];

    public const string LivePass = "live";

    public static string ReplayPass(long replayId) => "r" + replayId;
}
