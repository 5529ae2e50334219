namespace Deployteq.ServiceDefaults.Streams;

// What a follower hands on: an entry at its position, or a progress item (Entry null): everything
// up to Position has been handed on or was not selected.
public readonly record struct StreamItem<TEntry>(StreamCursor Position, TEntry? Entry)
    where TEntry : class, IStreamEntry;
