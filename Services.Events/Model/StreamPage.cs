using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Model;

// One read of a brand's stream, with what retention had trimmed at that same moment: a read
// that starts at or before TrimmedThrough has missed activities.
public sealed record StreamPage(StreamCursor TrimmedThrough, IReadOnlyList<StoredActivity> Entries);
