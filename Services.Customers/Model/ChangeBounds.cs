using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Model;

// Where a brand's change feed stands: the newest position written and the newest trimmed.
public sealed record ChangeBounds(StreamCursor LastWritten, StreamCursor TrimmedThrough)
{
    // A reader starting at `from` would miss trimmed changes.
    public bool HasTrimmed(StreamCursor from) => TrimmedThrough != StreamCursor.Zero && from <= TrimmedThrough;
}
