using Deployteq.Events.V1;

namespace Deployteq.Events.Storage;

// A stored broadcast as one customer's activities repeat it: the details of that customer's own
// broadcast activity (manual options included), or, for a customer without one, the broadcast's
// shared details with no manual options; and where the mail went when not to the customer's
// own address.
public sealed record KnownBroadcast(BroadcastDetails Details, string? RecipientAddress);
