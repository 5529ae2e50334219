using Deployteq.Events.V1;

namespace Deployteq.Events.Storage;

// An enriched activity to append. NewBroadcast is set on broadcasts (kept if the broadcast is
// not known yet); RecipientAddress when the mail went elsewhere than the customer's address.
public sealed record NewEntry(Activity Activity, BroadcastDetails? NewBroadcast, string? RecipientAddress);
