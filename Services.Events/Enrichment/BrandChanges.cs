using System.Diagnostics;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Calls;
using Microsoft.Extensions.Caching.Memory;

namespace Deployteq.Events.Enrichment;

// One brand's customers as this service keeps them, and the state of its watch on Customers'
// change feed: kept customers are trusted only while the watch is heard, only from its current
// session, and a change drops its customer at once; a fetch that a change overlapped keeps
// nothing (FeedTrust, the same rule as the token memory's).
public sealed class BrandChanges(long brandId, IMemoryCache cache)
{
    private readonly FeedTrust _feed = new();
    private long _lastUsed = Stopwatch.GetTimestamp();

    public long BrandId => brandId;

    // The watch task, while one runs, and the lock to start one (CustomerChangeWatch's).
    internal Task? Watch { get; set; }

    internal Lock WatchLock { get; } = new();

    public long Generation => _feed.Generation;

    public TimeSpan IdleFor => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public void Touch() => Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());

    public bool IsLive(TimeSpan silenceLimit, out long session)
    {
        session = _feed.Session;
        return _feed.IsCurrent(session, silenceLimit);
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
    public void StartSession() => _feed.StartSession();

    public void Heard() => _feed.Heard();

    public void Changed(long customerId)
    {
        _feed.Moved();
        cache.Remove(Key(customerId));
        Heard();
    }

    public void Lost() => _feed.Lost();

    private (string, long, long) Key(long customerId) => ("customer", brandId, customerId);

    private sealed record Kept(Customer Customer, long Session);
}
