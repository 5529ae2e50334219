using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Model;

// An activity as read back from a brand's stream, with its position (the cursor) and the trace
// context of its emit.
public sealed record StoredActivity(StreamCursor Position, Activity Activity, EmitTrace Trace = default) : IStreamEntry;
