using Deployteq.Events.V1;

namespace Deployteq.Events.Storage;

// A stored broadcast, and where it went for one customer when not to the customer's address.
public sealed record KnownBroadcast(BroadcastDetails Details, string? RecipientAddress);
