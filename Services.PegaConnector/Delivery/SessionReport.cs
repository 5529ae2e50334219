using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.V1;
using Polly.CircuitBreaker;

namespace Deployteq.PegaConnector.Delivery;

// What a running session looks like from outside: the status written with every lease renewal,
// and the gauges of the metrics.
public sealed class SessionReport(
    SessionContext session, PegaSender sender, DeliveryScheduler scheduler, AdaptiveConcurrency limit, EndpointGate gate, SessionStatus status)
{
    public InstallationState State =>
        session.IsPaused ? InstallationState.Paused
        : sender.BreakerState is CircuitState.Open or CircuitState.HalfOpen or CircuitState.Isolated ? InstallationState.BreakerOpen
        : InstallationState.Running;

    public ReportedStatus Status()
    {
        var passes = session.Passes;
        var (heldUntil, heldBy) = gate.Report();
        return new ReportedStatus(
            State,
            passes.Sum(pass => pass.Window.Unfinished),
            passes.FirstOrDefault()?.Window.LagSeconds() ?? 0,
            status.LastError,
            status.LastErrorMilliseconds,
            new PaceReport(limit.Limit, scheduler.Attempts, heldUntil, heldBy));
    }

    public SessionGauges Gauges()
    {
        var passes = session.Passes;
        var breaker = sender.BreakerState switch
        {
            CircuitState.Open or CircuitState.Isolated => 1,
            CircuitState.HalfOpen => 2,
            _ => 0,
        };
        return new SessionGauges(
            passes.Sum(pass => pass.Window.Unfinished), passes.FirstOrDefault()?.Window.LagSeconds() ?? 0, breaker, limit.Limit, scheduler.Attempts,
            gate.Remaining.TotalSeconds);
    }
}
