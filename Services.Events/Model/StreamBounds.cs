using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Model;

// What a brand's stream has given out and trimmed so far. Positions up to TrimmedThrough are
// gone: a reader starting at or before it would silently miss activities (StreamRetentionCheck).
public sealed record StreamBounds(StreamCursor LastGenerated, StreamCursor TrimmedThrough);
