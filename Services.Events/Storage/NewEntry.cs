using Deployteq.Events.Model;
using Deployteq.Events.V1;

namespace Deployteq.Events.Storage;

// An enriched activity to append. On a broadcast, RecipientBroadcast is the details this
// recipient's broadcast activity gave (kept for the customer's later activities), and
// RecipientAddress where the mail went when not to the customer's own address. UuidGiven: the
// caller chose the uuid, so it may be stored already; one the service generated cannot be.
// Trace: the emit's trace context, stored beside the activity.
public sealed record NewEntry(Activity Activity, BroadcastDetails? RecipientBroadcast, string? RecipientAddress, bool UuidGiven, EmitTrace Trace = default);
