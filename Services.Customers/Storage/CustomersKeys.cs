using StackExchange.Redis;

namespace Deployteq.Customers.Storage;

// Every key of the service: `cust:` and a per-brand hash tag, so that all keys of a brand share
// one Redis Cluster slot and its scripts may touch them together.
public static partial class CustomersKeys
{
    public static string Brand(long brandId) => $"cust:{{b{brandId}}}:";

    public static RedisKey BrandRecord(long brandId) => Brand(brandId) + "brand";

    public static RedisKey CustomerSequence(long brandId) => Brand(brandId) + "seq:customer";

    // Lower-cased address -> customer id.
    public static RedisKey EmailIndex(long brandId) => Brand(brandId) + "idx:email";

    // External id -> customer id.
    public static RedisKey ExternalIdIndex(long brandId) => Brand(brandId) + "idx:ext";

    // Customer ids (score = id), for paging.
    public static RedisKey CustomerIds(long brandId) => Brand(brandId) + "customers";

    // Customer id -> the customer as JSON (CustomerJson). One hash per brand, so that a lookup
    // by e-mail or external id names both of its keys up front and stays one round trip.
    public static RedisKey CustomerRecords(long brandId) => Brand(brandId) + "records";

    public static RedisKey HistorySequence(long brandId) => Brand(brandId) + "seq:history";

    // Every customer's history, ordered by member: `<customer id>:<sequence>:<entry as JSON>`,
    // ids padded (Padded), so that one customer's entries are one range.
    public static RedisKey History(long brandId) => Brand(brandId) + "history";

    // The change feed (WatchCustomerChanges): a stream, kept for the change retention.
    public static RedisKey Changes(long brandId) => Brand(brandId) + "changes";

    // The newest change position retention has trimmed: a watcher at or before it missed some.
    public static RedisKey ChangesTrimmedThrough(long brandId) => Brand(brandId) + "changes:trimmed";

    // The services that keep the brand's customers by its feed (FollowerLeases): follower to
    // `<the cursor it applied> <its lease's expiry, Unix ms>`.
    public static RedisKey Followers(long brandId) => Brand(brandId) + "changes:followers";

    // Pub/sub, not a key: published in the same script as a change, wakes the brand's watchers.
    public static RedisChannel ChangesAppended(long brandId) => RedisChannel.Literal(Brand(brandId) + "changed");

    // SCAN pattern for the change retention sweep; braces are literal in a Redis glob.
    public const string ChangesPattern = "cust:{b*}:changes";

    // The brand of a key of this layout (`cust:{b<id>}:...`), or null.
    public static long? BrandOf(RedisKey key)
    {
        var text = key.ToString();
        const string start = "cust:{b";
        var end = text.IndexOf('}', start.Length);
        return text.StartsWith(start, StringComparison.Ordinal) && end > start.Length
            && long.TryParse(text.AsSpan(start.Length, end - start.Length), out var brandId)
            ? brandId
            : null;
    }

    public static RedisKey GroupSequence(long brandId) => Brand(brandId) + "seq:group";

    // Lower-cased, trimmed group name -> group id.
    public static RedisKey GroupNameIndex(long brandId) => Brand(brandId) + "idx:group";

    // Group ids (score = id), for paging and the per-brand limit.
    public static RedisKey GroupIds(long brandId) => Brand(brandId) + "groups";

    // Group id -> the group as JSON (name, name key, created).
    public static RedisKey GroupRecords(long brandId) => Brand(brandId) + "group_records";

    // `<customer>:<group>`, ids padded: a customer's groups are one range.
    public static RedisKey Memberships(long brandId) => Brand(brandId) + "memberships";

    // `<group>:<customer>`, ids padded: a group's members are one range.
    public static RedisKey Members(long brandId) => Brand(brandId) + "members";

    // An activity's mailability event, once recorded: the counts it left ("hard:soft:complaints").
    public static RedisKey ActivityMarker(long brandId, string activityUuid) => Brand(brandId) + "mk:" + activityUuid;

    // Every key the customer scripts (common.lua) name, in the order they expect.
    public static RedisKey[] CustomerScriptKeys(long brandId) =>
    [
        CustomerSequence(brandId), EmailIndex(brandId), ExternalIdIndex(brandId), CustomerIds(brandId),
        CustomerRecords(brandId), HistorySequence(brandId), History(brandId), Changes(brandId),
        ChangesTrimmedThrough(brandId), Memberships(brandId), Members(brandId),
    ];

    // An id as the ordered-by-member sets hold it: 19 digits, so that text order is number order
    // (common.lua's pad does the same).
    public static string Padded(long id) => id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    public static RedisKey UserSequence(long brandId) => Brand(brandId) + "seq:user";

    // API user id -> name; one hash per brand, so that a token check names it in KEYS.
    public static RedisKey ApiUserNames(long brandId) => Brand(brandId) + "users";

    // API user id -> creation time (Unix ms).
    public static RedisKey ApiUserCreated(long brandId) => Brand(brandId) + "users:created";

    public static RedisKey TokenSequence(long brandId) => Brand(brandId) + "seq:token";

    public static RedisKey TokenIds(long brandId) => Brand(brandId) + "tokens";

    public static RedisKey Token(long brandId, long tokenId) => Brand(brandId) + "token:" + tokenId;

    // SCAN pattern for every key of a brand (braces are literal in a Redis glob).
    public static string BrandPattern(long brandId) => Brand(brandId) + "*";

    // Pub/sub, not a key: every revocation (token, API user, brand) and each instance's heartbeat,
    // heard by every Customers instance (Redis Cluster forwards a PUBLISH to every node).
    public static RedisChannel Revocations => RedisChannel.Literal("cust:revocations");
    // The id of the brand's connector API user, to whom connector read tokens belong.
    public static RedisKey ConnectorUser(long brandId) => Brand(brandId) + "connector_user";

    // Portals and the brand sequence are not per brand; each has a tag of its own.
    public static RedisKey PortalSequence => "cust:{portals}:seq";

    public static RedisKey BrandSequence => "cust:{brands}:seq";

    public static RedisKey Portal(long portalId) => $"cust:{{p{portalId}}}:portal";
}
