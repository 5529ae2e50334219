namespace Deployteq.PegaConnector.Model;

// How fast the endpoint lets an installation go: the adaptive concurrency limit, the calls in
// flight, and the hold that a Retry-After or the circuit breaker put on every call (0 and ""
// when none).
public readonly record struct PaceReport(int ConcurrencyLimit, int InFlight, long HeldUntilMilliseconds, string HeldBy);
