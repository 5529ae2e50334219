namespace Deployteq.Events.Storage;

// A broadcast, and the customer whose activity of it is being emitted.
public readonly record struct BroadcastLookup(long BroadcastId, long CustomerId);
