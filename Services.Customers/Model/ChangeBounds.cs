using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Model;

// Where a brand's change feed stands: the newest position written and the newest trimmed (a
// reader starting at or before it would miss changes: StreamRetentionCheck).
public sealed record ChangeBounds(StreamCursor LastWritten, StreamCursor TrimmedThrough);
