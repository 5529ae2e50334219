using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Deployteq.PegaConnector.Delivery;

// The connector's OpenTelemetry instruments (meter "Deployteq.PegaConnector").
public sealed class ConnectorMetrics : IDisposable
{
    public const string MeterName = "Deployteq.PegaConnector";

    private readonly Meter _meter;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _duplicatesAvoided;
    private readonly Counter<long> _retries;
    private readonly ConcurrentDictionary<string, Func<SessionGauges>> _sessions = new();

    public ConnectorMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _attempts = _meter.CreateCounter<long>("pega.deliveries", "{call}", "Calls to Pega endpoints by outcome and status class.");
        _latency = _meter.CreateHistogram<double>("pega.delivery.latency", "s", "From an activity's metric_timestamp to the 2xx of its call.");
        _deadLetters = _meter.CreateCounter<long>("pega.dead_letters", "{activity}", "Activities put in the dead letters.");
        _duplicatesAvoided = _meter.CreateCounter<long>("pega.duplicates_avoided", "{activity}", "Activities not sent again because they were delivered already.");
        _retries = _meter.CreateCounter<long>("pega.retries", "{call}", "Calls after the first one of an activity.");
        _meter.CreateObservableGauge("pega.lag.activities", () => Observe(state => state.LagActivities), "{activity}", "Activities read and not yet finished.");
        _meter.CreateObservableGauge("pega.lag.seconds", () => Observe(state => state.LagSeconds), "s", "How far the checkpoint is behind the newest position seen.");
        _meter.CreateObservableGauge("pega.breaker.state", () => Observe(state => state.Breaker), "{state}", "Circuit breaker per installation: 0 closed, 1 open, 2 half-open.");
        _meter.CreateObservableGauge("pega.concurrency.limit", () => Observe(state => state.ConcurrencyLimit), "{call}", "Calls the installation may have in flight, adapted to its endpoint.");
        _meter.CreateObservableGauge("pega.concurrency.in_flight", () => Observe(state => state.InFlight), "{call}", "Calls out to the installation's endpoint now.");
        _meter.CreateObservableGauge("pega.backpressure.seconds", () => Observe(state => state.HeldSeconds), "s", "How long every call to the endpoint is still held (Retry-After, open breaker); 0 when none.");
    }

    // outcome: delivered, retry, dead, paused; status_class: 2xx, 4xx, 5xx, network.
    public void Attempt(string installation, string outcome, string statusClass) =>
        _attempts.Add(1, new("installation", installation), new("outcome", outcome), new("status_class", statusClass));

    public void Latency(string installation, double seconds) => _latency.Record(seconds, new KeyValuePair<string, object?>("installation", installation));

    public void DeadLetter(string installation) => _deadLetters.Add(1, new KeyValuePair<string, object?>("installation", installation));

    public void Retry(string installation) => _retries.Add(1, new KeyValuePair<string, object?>("installation", installation));

    public void DuplicateAvoided(string installation, long count) =>
        _duplicatesAvoided.Add(count, new KeyValuePair<string, object?>("installation", installation));

    public IDisposable Track(string installation, Func<SessionGauges> state)
    {
        _sessions[installation] = state;
        return new Untrack(() => _sessions.TryRemove(installation, out _));
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<T>> Observe<T>(Func<SessionGauges, T> pick) where T : struct =>
        _sessions.Select(session => new Measurement<T>(pick(session.Value()), new KeyValuePair<string, object?>("installation", session.Key))).ToList();

    private sealed class Untrack(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
