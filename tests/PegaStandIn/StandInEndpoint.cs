using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Deployteq.PegaStandIn;

// One Pega REST endpoint of the stand-in: its credentials, what it received, and its faults.
public sealed class StandInEndpoint(string name, string username, string password)
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Arrival> _first = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _invalid = new();
    private readonly Queue<Fault> _faults = new();
    private readonly ConcurrentQueue<CallRecord> _log = new();
    private int _faultCallsLeft;
    private long _accepted;
    private long _duplicates;
    private long _refused;
    private long _faulted;
    private long _calls;
    private long _throttled;
    private int _concurrent;
    private int _maxConcurrent;

    public string Name { get; } = name;

    public string Username { get; private set; } = username;

    public string Password { get; private set; } = password;

    // Calls answered 2xx, counting repeats.
    public long Accepted => Interlocked.Read(ref _accepted);

    // Calls answered 2xx for a uuid that had been accepted before.
    public long Duplicates => Interlocked.Read(ref _duplicates);

    // Calls answered 401 for wrong credentials (faults not counted).
    public long Refused => Interlocked.Read(ref _refused);

    // Calls answered with a fault.
    public long Faulted => Interlocked.Read(ref _faulted);

    public long Calls => Interlocked.Read(ref _calls);

    // Calls answered 429 because more than Capacity were being served.
    public long Throttled => Interlocked.Read(ref _throttled);

    // The most calls served at once.
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public int Unique => _counts.Count;

    public IReadOnlyCollection<string> InvalidReasons => _invalid.ToArray();

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public Arrival? FirstArrival(string uuid) => _first.GetValueOrDefault(uuid);

    public IReadOnlyCollection<Arrival> Arrivals => _first.Values.ToList();

    public void SetCredentials(string newUsername, string newPassword)
    {
        Username = newUsername;
        Password = newPassword;
    }

    // Every call: its Idempotency-Key, the status answered, when it came and when it was answered
    // (Stopwatch ticks).
    public IReadOnlyCollection<CallRecord> Log => _log.ToArray();

    // Plays a real Pega: every accepted call waits Latency plus up to LatencyJitter (uniform).
    public TimeSpan Latency { get; set; }

    public TimeSpan LatencyJitter { get; set; }

    // Above this many calls at once, a call is answered 429 with CapacityRetryAfter at once (0:
    // no limit).
    public int Capacity { get; set; }

    public string CapacityRetryAfter { get; set; } = "1";

    // Replaces the faults with these, served one after the other.
    public void SetFault(params Fault[] faults)
    {
        lock (_gate)
        {
            _faults.Clear();
            foreach (var fault in faults)
            {
                _faults.Enqueue(fault);
            }

            _faultCallsLeft = _faults.TryPeek(out var first) ? first.Calls ?? int.MaxValue : 0;
        }
    }

    internal async Task<(int Status, string Body, string? RetryAfter)> HandleAsync(
        byte[] body, string? authorization, string? idempotencyKey, string? userAgent, string? contentType, string? traceParent, CancellationToken cancellationToken)
    {
        var arrived = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _calls);
        var concurrent = Interlocked.Increment(ref _concurrent);
        try
        {
            int seen;
            while (concurrent > (seen = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, concurrent, seen) != seen)
            {
            }

            var result = Capacity > 0 && concurrent > Capacity
                ? Throttle()
                : await AnswerAsync(body, authorization, idempotencyKey, userAgent, contentType, traceParent, cancellationToken);
            _log.Enqueue(new CallRecord(idempotencyKey, result.Status, Stopwatch.GetTimestamp(), arrived));
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    private (int Status, string Body, string? RetryAfter) Throttle()
    {
        Interlocked.Increment(ref _throttled);
        return (429, "over capacity", CapacityRetryAfter);
    }

    private async Task<(int Status, string Body, string? RetryAfter)> AnswerAsync(
        byte[] body, string? authorization, string? idempotencyKey, string? userAgent, string? contentType, string? traceParent, CancellationToken cancellationToken)
    {
        if (TakeFault(idempotencyKey) is { } fault)
        {
            Interlocked.Increment(ref _faulted);
            if (fault.Hang > TimeSpan.Zero)
            {
                await Task.Delay(fault.Hang, cancellationToken);
            }

            return (fault.Status, "stand-in fault " + fault.Status, fault.RetryAfter);
        }

        var latency = Latency + LatencyJitter * Random.Shared.NextDouble();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password));
        if (authorization != expected)
        {
            Interlocked.Increment(ref _refused);
            return (401, "wrong credentials", null);
        }

        string? reason = null;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            reason = "Content-Type must be application/json";
        }
        else if (!ContractValidator.TryValidate(body, out var activity, out var invalid))
        {
            reason = invalid;
        }
        else
        {
            var uuid = activity.GetProperty("uuid").GetString()!;
            if (idempotencyKey != uuid)
            {
                reason = "Idempotency-Key must be the activity's uuid";
            }
            else if (string.IsNullOrEmpty(userAgent))
            {
                reason = "User-Agent is missing";
            }
            else
            {
                Interlocked.Increment(ref _accepted);
                if (_counts.AddOrUpdate(uuid, 1, (_, count) => count + 1) > 1)
                {
                    Interlocked.Increment(ref _duplicates);
                }

                _first.TryAdd(uuid, new Arrival(activity, authorization, idempotencyKey, userAgent, contentType, traceParent, Stopwatch.GetTimestamp()));
                return (200, "ok", null);
            }
        }

        _invalid.Enqueue(reason);
        return (400, reason, null);
    }

    public object Stats() => new
    {
        name = Name,
        calls = Calls,
        accepted = Accepted,
        unique = Unique,
        duplicates = Duplicates,
        refused = Refused,
        faulted = Faulted,
        throttled = Throttled,
        max_concurrent = MaxConcurrent,
        invalid = InvalidReasons.Count,
        invalid_reasons = InvalidReasons.Take(20).ToArray(),
    };

    private Fault? TakeFault(string? idempotencyKey)
    {
        lock (_gate)
        {
            while (_faults.TryPeek(out var fault))
            {
                if (fault.Uuid is not null && fault.Uuid != idempotencyKey && _faultCallsLeft > 0)
                {
                    return null;
                }

                if (_faultCallsLeft > 0 && (fault.Until is not { } until || DateTimeOffset.UtcNow < until))
                {
                    _faultCallsLeft--;
                    return fault;
                }

                _faults.Dequeue();
                _faultCallsLeft = _faults.TryPeek(out var next) ? next.Calls ?? int.MaxValue : 0;
            }

            return null;
        }
    }
}
