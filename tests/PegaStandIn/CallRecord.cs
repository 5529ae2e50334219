namespace Deployteq.PegaStandIn;

// One call as the endpoint saw it; Timestamp is Stopwatch ticks.
public sealed record CallRecord(string? IdempotencyKey, int Status, long Timestamp);
