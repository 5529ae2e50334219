namespace Deployteq.Events.Model;

// What a brand's stream has given out and trimmed so far. Positions at or before MaxDeleted are
// gone: a reader starting there would silently miss activities.
public sealed record StreamBounds(StreamCursor LastGenerated, StreamCursor MaxDeleted)
{
    public static readonly StreamBounds Empty = new(StreamCursor.Zero, StreamCursor.Zero);

    public bool HasTrimmed(StreamCursor readFrom) => MaxDeleted != StreamCursor.Zero && MaxDeleted >= readFrom;
}
