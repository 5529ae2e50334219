using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Deployteq.Events.Emitting;

// Where an emit's time goes, per step, as a histogram a meter listener or dotnet-counters can
// read (meter "Deployteq.Events", instrument "deployteq.events.emit.step.duration", tag "step"):
// claim, enrich (Customers lookup and broadcast lookup), mailability (the Customers call), append
// (the Redis script).
public sealed class EmitMetrics
{
    public const string MeterName = "Deployteq.Events";
    public const string StepDurationName = "deployteq.events.emit.step.duration";

    private readonly Histogram<double> _stepDuration;

    public EmitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _stepDuration = meter.CreateHistogram<double>(StepDurationName, unit: "ms", description: "Time an emit spends in each of its steps.");
    }

    // Records the time since `started` (a Stopwatch timestamp) for the step and returns now.
    public long Step(string step, long started)
    {
        var now = Stopwatch.GetTimestamp();
        _stepDuration.Record(Stopwatch.GetElapsedTime(started, now).TotalMilliseconds, new KeyValuePair<string, object?>("step", step));
        return now;
    }
}
