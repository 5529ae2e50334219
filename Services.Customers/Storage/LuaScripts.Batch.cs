namespace Deployteq.Customers.Storage;

// The scripts of the batch calls other services make for a whole batch of theirs. Standalone (no
// common.lua): every key they touch arrives through KEYS.
public static partial class LuaScripts
{
    public static readonly string BatchGetCustomers = Load("batch_get");
    public static readonly string RecordMailabilityBatch = Load("mailability_batch");
}
