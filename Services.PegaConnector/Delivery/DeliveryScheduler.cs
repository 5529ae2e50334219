using System.Collections.Concurrent;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Deployteq.PegaConnector.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Deployteq.PegaConnector.Delivery;

// Decides what is sent when. Claimed activities wait in order of age; one is sent whenever the
// adaptive limit has a free slot, the endpoint is not held (Retry-After, open breaker) and, while
// the breaker probes, no other call is out. An activity that must be sent again waits for its own
// retry time without holding a slot. When a call succeeds after the endpoint failed (an outage),
// every activity waiting because of that outage is due at once, oldest first, so the backlog
// follows the endpoint's recovery within the limit; one that failed while the endpoint answered
// others keeps its own retry time.
public sealed class DeliveryScheduler(
    SessionContext session, PegaSender sender, AdaptiveConcurrency limit, EndpointGate gate, OutcomeRecorder recorder, SessionStatus status,
    IInstallationStore installations, ConnectorMetrics metrics, IOptions<PegaConnectorOptions> options, TimeProvider clock, ILogger<DeliveryScheduler> logger)
{
    private readonly PegaConnectorOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<DeliveryItem, long> _ready = new();
    private readonly PriorityQueue<DeliveryItem, DateTimeOffset> _waiting = new();
    private readonly AsyncSignal _wake = new();
    private readonly AsyncSignal _room = new();
    private readonly ConcurrentDictionary<DeliveryItem, Task> _calls = new();
    private readonly int _pendingLimit = Math.Max(128, options.Value.MaxInFlight);
    private int _attempts;
    private DateTimeOffset _lastCallEnded;
    private DateTimeOffset _lastSuccess = DateTimeOffset.MinValue;
    private bool _failing;

    // Calls out now (not counting outcomes on their way to Redis).
    public int Attempts => Volatile.Read(ref _attempts);

    public void Add(IReadOnlyCollection<DeliveryItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var item in items)
            {
                _ready.Enqueue(item, item.Sequence);
            }
        }

        _wake.Set();
    }

    // Until fewer activities wait than the scheduler keeps: reading goes no further ahead.
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (Pending() >= _pendingLimit)
        {
            await _room.WaitAsync(Timeout.InfiniteTimeSpan, clock, cancellationToken);
        }
    }

    // Until `dispatching` ends; calls out get until `calling` ends to finish (WhenIdleAsync).
    public async Task RunAsync(CancellationToken dispatching, CancellationToken calling)
    {
        while (true)
        {
            await limit.WaitAsync(dispatching);
            DeliveryItem item;
            try
            {
                item = await NextAsync(dispatching);
            }
            catch
            {
                limit.Release();
                throw;
            }

            Interlocked.Increment(ref _attempts);
            var call = AttemptAsync(item, calling);
            _calls[item] = call;
            _ = call.ContinueWith(
                _ => _calls.TryRemove(item, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public async Task WhenIdleAsync()
    {
        try
        {
            await Task.WhenAll(_calls.Values.ToList());
        }
        catch
        {
            // Each call's own failure is logged where it happens; here only the end counts.
        }
    }

    private int Pending()
    {
        lock (_gate)
        {
            return _ready.Count + _waiting.Count;
        }
    }

    private async Task<DeliveryItem> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!session.Lease.IsValid)
            {
                // Not renewed in time: a new holder may be sending already.
                session.Lease.Lose();
                session.End();
                continue;
            }

            var held = gate.Remaining;
            if (held > TimeSpan.Zero)
            {
                await _wake.WaitAsync(held, clock, cancellationToken);
                continue;
            }

            if (!sender.BreakerClosed && Attempts > 0)
            {
                // The breaker's probe is out: nothing else goes until it is answered.
                await _wake.WaitAsync(Timeout.InfiniteTimeSpan, clock, cancellationToken);
                continue;
            }

            TimeSpan wait;
            lock (_gate)
            {
                var now = clock.GetUtcNow();
                while (_waiting.TryPeek(out var due, out var at) && at <= now)
                {
                    _waiting.Dequeue();
                    _ready.Enqueue(due, due.Sequence);
                }

                if (_ready.TryDequeue(out var item, out _))
                {
                    _room.Set();
                    return item;
                }

                wait = Timeout.InfiniteTimeSpan;
                if (_waiting.TryPeek(out var first, out var next))
                {
                    // Nothing out, nothing ready: the endpoint is asked again a break after the
                    // last call at the latest, whatever the backoff says, so that its recovery is
                    // seen (and releases everything that waits).
                    var probe = Attempts == 0 && _failing ? _lastCallEnded + _options.BreakerBreakDuration : DateTimeOffset.MaxValue;
                    if (probe <= now)
                    {
                        _waiting.Dequeue();
                        _room.Set();
                        return first;
                    }

                    wait = (next < probe ? next : probe) - now;
                }
            }

            await _wake.WaitAsync(wait, clock, cancellationToken);
        }
    }

    private async Task AttemptAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var recorded = false;
        try
        {
            var started = clock.GetUtcNow();
            if (item.Attempts == 0)
            {
                item.FirstAttempt = started;
            }

            var result = await sender.SendAsync(item, cancellationToken);
            if (result.Kind != AttemptKind.NotSent)
            {
                Count(item, result);
            }

            recorded = await HandleAsync(item, result, started);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unfinished: its place holds the checkpoint back and it is read again.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Installation {Installation}: delivering an activity failed unexpectedly", session.Name);
        }
        finally
        {
            lock (_gate)
            {
                _lastCallEnded = clock.GetUtcNow();
            }

            Interlocked.Decrement(ref _attempts);
            if (!recorded)
            {
                limit.Release();
            }

            _wake.Set();
        }
    }

    // True when the outcome went to the recorder, which gives the slot back once it is written.
    private async Task<bool> HandleAsync(DeliveryItem item, AttemptResult result, DateTimeOffset started)
    {
        switch (result.Kind)
        {
            case AttemptKind.Delivered:
                limit.OnSuccess(result.Elapsed);
                if (item.MetricTimestamp > 0)
                {
                    metrics.Latency(session.Name, (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(item.MetricTimestamp)).TotalSeconds);
                }

                recorder.Record(item, new Completion(item.Uuid, null));
                Recovered();
                return true;
            case AttemptKind.Dead:
                Bury(item, result, result.Response);
                return true;
            case AttemptKind.Retry:
                limit.OnOverload();
                if (clock.GetUtcNow() - item.FirstAttempt >= _options.RetryWindow)
                {
                    Bury(item, result, "gave up after the retry window: " + result.Response);
                    return true;
                }

                Wait(item, result.RetryAfter ?? Backoff(item.Attempts), started);
                return false;
            case AttemptKind.NotSent:
                gate.Hold(result.RetryAfter is { } left && left > TimeSpan.Zero ? left : _options.BreakerBreakDuration / 10, "circuit breaker");
                lock (_gate)
                {
                    _ready.Enqueue(item, item.Sequence);
                }

                return false;
            default:
                var reason = $"the endpoint refused the credentials ({result.StatusCode}); update them to resume";
                status.RecordError(reason);
                await StorageRetry.UntilDoneAsync(
                    () => installations.PauseAsync(session.Key, session.Record.CredentialsVersion, reason), status, clock, CancellationToken.None);
                session.Pause();
                return false;
        }
    }

    private void Count(DeliveryItem item, AttemptResult result)
    {
        item.Attempts++;
        if (item.Attempts > 1)
        {
            status.CountRetry();
            metrics.Retry(session.Name);
        }

        var statusClass = result.StatusCode == 0 ? "network" : $"{result.StatusCode / 100}xx";
        var outcome = result.Kind switch
        {
            AttemptKind.Delivered => "delivered",
            AttemptKind.CredentialsRefused => "paused",
            AttemptKind.Retry => "retry",
            _ => "dead",
        };
        metrics.Attempt(session.Name, outcome, statusClass);
        if (result.Kind != AttemptKind.Delivered)
        {
            status.CountFailure();
            status.RecordError(result.Describe());
        }
    }

    private void Bury(DeliveryItem item, AttemptResult result, string response)
    {
        status.RecordError(SessionStatus.Short($"{(result.StatusCode == 0 ? "no answer" : result.StatusCode.ToString())}: {response}"));
        metrics.DeadLetter(session.Name);
        recorder.Record(item, new Completion(item.Uuid, new DeadLetter
        {
            Uuid = item.Uuid,
            Metric = item.Metric,
            StatusCode = result.StatusCode,
            Response = response,
            DeadTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            Attempts = item.Attempts,
            Json = System.Text.Encoding.UTF8.GetString(item.Body, 1, item.Body.Length - 2),
        }));
    }

    private void Wait(DeliveryItem item, TimeSpan delay, DateTimeOffset started)
    {
        lock (_gate)
        {
            // Another call succeeded while this one was out, or since it failed before: the
            // endpoint answers, this one fails.
            item.FailedAlone = _lastSuccess >= started || (item.LastFailure > DateTimeOffset.MinValue && _lastSuccess > item.LastFailure);
            item.LastFailure = clock.GetUtcNow();
            _failing |= !item.FailedAlone;
            _waiting.Enqueue(item, clock.GetUtcNow() + delay);
        }
    }

    // The endpoint answers again after failing: what waits because of that goes now, oldest first.
    private void Recovered()
    {
        lock (_gate)
        {
            _lastSuccess = clock.GetUtcNow();
            if (!_failing)
            {
                return;
            }

            _failing = false;
            var alone = new List<(DeliveryItem Item, DateTimeOffset Due)>();
            while (_waiting.TryDequeue(out var item, out var due))
            {
                if (item.FailedAlone)
                {
                    alone.Add((item, due));
                }
                else
                {
                    _ready.Enqueue(item, item.Sequence);
                }
            }

            _waiting.EnqueueRange(alone);
        }

        _wake.Set();
    }

    // Exponential from RetryBaseDelay up to RetryMaxDelay, with jitter (half to all of it).
    private TimeSpan Backoff(int attempts)
    {
        var exponential = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, _options.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() / 2));
    }
}
