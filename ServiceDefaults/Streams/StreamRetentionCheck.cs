using Grpc.Core;

namespace Deployteq.ServiceDefaults.Streams;

// Whether retention took something from under a reader. Positions up to trimmed-through are gone:
// a reader starting at or before it would silently miss entries, so it is told (OUT_OF_RANGE).
public static class StreamRetentionCheck
{
    public static bool HasTrimmed(StreamCursor trimmedThrough, StreamCursor readFrom) =>
        trimmedThrough != StreamCursor.Zero && readFrom <= trimmedThrough;

    // entries: what the stream holds, capitalised ("Changes", "Activities").
    public static void EnsureKept(StreamCursor trimmedThrough, StreamCursor readFrom, string entries)
    {
        if (HasTrimmed(trimmedThrough, readFrom))
        {
            throw new RpcException(new Status(
                StatusCode.OutOfRange,
                $"{entries} up to {trimmedThrough} have passed retention and are gone; start after that cursor or from the oldest kept."));
        }
    }
}
