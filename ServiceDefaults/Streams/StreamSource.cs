namespace Deployteq.ServiceDefaults.Streams;

// One brand's stream as a follower reads it. Watch subscribes to the write script's notice (the
// action runs on each); Read answers a page from a position on with the trimmed-through mark of
// the same moment. Entries names them for OUT_OF_RANGE ("Changes", "Activities").
public sealed record StreamSource<TEntry>(
    Func<Action, Task<IAsyncDisposable>> Watch,
    Func<StreamCursor, int, Task<(StreamCursor TrimmedThrough, IReadOnlyList<TEntry> Entries)>> Read,
    string Entries)
    where TEntry : class, IStreamEntry;
