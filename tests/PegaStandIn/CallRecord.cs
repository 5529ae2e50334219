namespace Deployteq.PegaStandIn;

// One call as the endpoint saw it: Timestamp when it was answered, Arrived when it came
// (Stopwatch ticks).
public sealed record CallRecord(string? IdempotencyKey, int Status, long Timestamp, long Arrived);
