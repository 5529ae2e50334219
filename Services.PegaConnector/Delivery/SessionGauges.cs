namespace Deployteq.PegaConnector.Delivery;

// What the metrics observe of one running session. Breaker: 0 closed, 1 open, 2 half-open.
public readonly record struct SessionGauges(long LagActivities, double LagSeconds, int Breaker, int ConcurrencyLimit, int InFlight, double HeldSeconds);
