using StackExchange.Redis;

namespace Deployteq.DataModel.Storage;

// Every key of the service: `dm:` and a per-brand hash tag, so that all keys of a brand share one
// Redis Cluster slot and its scripts may touch them together (each passed in KEYS).
public static class DataModelKeys
{
    public static string Brand(long brandId) => $"dm:{{b{brandId}}}:";

    // Set of the brands that have (or had) modules: whose change feeds the service follows from
    // its start, with no caller. The one key outside every brand, so it lives in a slot of its own
    // and no brand's script can touch it; it is written before a module is created (SADD, which
    // repeats harmlessly), so every brand with modules is in it, whatever a crash interrupts.
    public static RedisKey Brands => "dm:brands";

    // Sorted set of module names (score 0, read by name).
    public static RedisKey Modules(long brandId) => Brand(brandId) + "modules";

    // Hash: def (JSON), ver, created, updated, stamp (the last change stamp of its records).
    public static RedisKey Module(long brandId, string module) => Brand(brandId) + "m:" + module;

    // Hash: field name to the number of records holding a value for it; `#` is the record count.
    public static RedisKey Usage(long brandId, string module) => Brand(brandId) + "u:" + module;

    // Hash: `_c` customer id, `_ct`/`_ut` create/update time (Unix ms), `f:<field>` stored values.
    public static RedisKey Record(long brandId, string module, string key) => Brand(brandId) + "r:" + module + ":" + key;

    // List of JSON history entries of a record, the latest 100.
    public static RedisKey History(long brandId, string module, string key) => Brand(brandId) + "h:" + module + ":" + key;

    // Sorted set: record key by change stamp (unique, increasing per module), for exports.
    public static RedisKey Changes(long brandId, string module) => Brand(brandId) + "chg:" + module;

    // Sorted set: a customer's record keys in a module, by creation stamp.
    public static RedisKey CustomerRecords(long brandId, string module, long customerId) =>
        Brand(brandId) + "cr:" + module + ":" + customerId;

    // Set: the modules in which a customer has records.
    public static RedisKey CustomerModules(long brandId, long customerId) => Brand(brandId) + "cm:" + customerId;

    // Sorted set: the customers that have records, scored by id, for a full reconciliation.
    public static RedisKey Customers(long brandId) => Brand(brandId) + "customers";

    // Sorted set: deleted customer ids by deletion time; a write that passed the existence check
    // before the delete arrived is refused for a day.
    public static RedisKey DeletedCustomers(long brandId) => Brand(brandId) + "deleted";

    // String: the last change-feed cursor whose effect is stored.
    public static RedisKey FeedCheckpoint(long brandId) => Brand(brandId) + "feed:cursor";
}
