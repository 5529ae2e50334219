using Deployteq.Events.Model;

namespace Deployteq.Events.Storage;

// Stored carries the first copy of the activity (as a duplicate outcome).
public sealed record ClaimResult(ClaimState State, EmitOutcome? Stored = null);
