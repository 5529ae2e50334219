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
    private Fault? _fault;
    private int _faultCallsLeft;
    private long _accepted;
    private long _duplicates;
    private long _refused;
    private long _faulted;
    private long _calls;

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

    public void SetFault(Fault? fault)
    {
        lock (_gate)
        {
            _fault = fault;
            _faultCallsLeft = fault?.Calls ?? int.MaxValue;
        }
    }

    internal async Task<(int Status, string Body, string? RetryAfter)> HandleAsync(
        byte[] body, string? authorization, string? idempotencyKey, string? userAgent, string? contentType, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (TakeFault() is { } fault)
        {
            Interlocked.Increment(ref _faulted);
            if (fault.Hang > TimeSpan.Zero)
            {
                await Task.Delay(fault.Hang, cancellationToken);
            }

            return (fault.Status, "stand-in fault " + fault.Status, fault.RetryAfter);
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

                _first.TryAdd(uuid, new Arrival(activity, authorization, idempotencyKey, userAgent, contentType, Stopwatch.GetTimestamp()));
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
        invalid = InvalidReasons.Count,
        invalid_reasons = InvalidReasons.Take(20).ToArray(),
    };

    private Fault? TakeFault()
    {
        lock (_gate)
        {
            if (_fault is null)
            {
                return null;
            }

            if (_faultCallsLeft <= 0 || (_fault.Until is { } until && DateTimeOffset.UtcNow >= until))
            {
                _fault = null;
                return null;
            }

            _faultCallsLeft--;
            return _fault;
        }
    }
}
