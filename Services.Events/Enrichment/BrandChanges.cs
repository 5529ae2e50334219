using System.Diagnostics;
using Deployteq.Customers.V1;
using Microsoft.Extensions.Caching.Memory;

namespace Deployteq.Events.Enrichment;

// One brand's customers as this service keeps them, and the state of its watch on Customers'
// change feed: kept customers are trusted only while the watch is heard, only from its current
// session, and a change drops its customer at once. A fetch that a change overlapped keeps
// nothing (the same rule as the token memory).
public sealed class BrandChanges(long brandId, IMemoryCache cache)
{
    private readonly Lock _lock = new();
    private long _session;
    private long _sessions;
    private long _lastHeard;
    private long _generation;
    private long _lastUsed = Stopwatch.GetTimestamp();

    public long BrandId => brandId;

    // The watch task, while one runs, and the lock to start one (CustomerChangeWatch's).
    internal Task? Watch { get; set; }

    internal Lock WatchLock { get; } = new();

    public long Generation => Interlocked.Read(ref _generation);

    public TimeSpan IdleFor => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public void Touch() => Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());

    public bool IsLive(TimeSpan silenceLimit, out long session)
    {
        session = Volatile.Read(ref _session);
        return session != 0 && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHeard)) < silenceLimit;
    }

    public bool TryGet(long customerId, TimeSpan silenceLimit, out Customer customer)
    {
        customer = null!;
        if (!cache.TryGetValue(Key(customerId), out Kept? kept) || kept is null
            || !IsLive(silenceLimit, out var session) || kept.Session != session)
        {
            return false;
        }

        customer = kept.Customer;
        return true;
    }

    // Keeps a customer fetched since `generation`, unless a change or a new session came between.
    public void Keep(Customer customer, long generation, TimeSpan silenceLimit, TimeSpan lifetime)
    {
        if (!IsLive(silenceLimit, out var session) || Generation != generation)
        {
            return;
        }

        var key = Key(customer.Id);
        cache.Set(key, new Kept(customer, session), lifetime);
        if (Generation != generation)
        {
            cache.Remove(key);
        }
    }

    // A watch got its first item: nothing kept before it is trusted.
    public void StartSession()
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
            Volatile.Write(ref _session, ++_sessions);
        }
    }

    public void Heard() => Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());

    public void Changed(long customerId)
    {
        Interlocked.Increment(ref _generation);
        cache.Remove(Key(customerId));
        Heard();
    }

    public void Lost()
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _session, 0);
        }
    }

    private (string, long, long) Key(long customerId) => ("customer", brandId, customerId);

    private sealed record Kept(Customer Customer, long Session);
}
