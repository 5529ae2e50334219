using Google.Protobuf.WellKnownTypes;

namespace Deployteq.DataModel.Storage;

// Change stamps order a module's records by their last change: Unix milliseconds times 1,000,
// plus a counter for changes within the same millisecond (see record_upsert.lua).
public static class ChangeStamp
{
    // The first stamp of a change made at or after `time` (0 before 1970).
    public static long AtOrAfter(Timestamp time)
    {
        var milliseconds = time.Seconds * 1000 + time.Nanos / 1_000_000 + (time.Nanos % 1_000_000 > 0 ? 1 : 0);
        return Math.Max(0, milliseconds) * 1000;
    }
}
