using Deployteq.Events.V1;

namespace Deployteq.Events.Storage;

// An enriched activity to append. On a broadcast, RecipientBroadcast is the details this
// recipient's broadcast activity gave (kept for the customer's later activities), and
// RecipientAddress where the mail went when not to the customer's own address.
public sealed record NewEntry(Activity Activity, BroadcastDetails? RecipientBroadcast, string? RecipientAddress);
