using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Model;

// What a subscription sends: an activity at its position, or a progress item (no activity):
// everything up to Position has been sent or was not selected.
public sealed record FeedItem(StreamCursor Position, Activity? Activity, EmitTrace Trace = default)
{
    public static FeedItem Progress(StreamCursor position) => new(position, null);
}
