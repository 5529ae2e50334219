using System.Collections.Concurrent;
using System.Diagnostics;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Calls;

namespace Deployteq.ServiceDefaults.Auth;

// Tokens verified once and kept in memory (DESIGN.md "Tenancy and security"): trusted only while
// the revocation feed from Customers is heard. A notice drops the tokens it names at once; a
// feed silent for FeedSilenceLimit, lost or reset makes everything kept untrusted, so calls are
// verified one by one again until the feed is back. Nothing is kept that a notice could have
// overtaken: a verification that a notice (or a feed change) overlapped is used for its call but
// not kept.
public sealed class TokenCache(TimeProvider clock)
{
    // A kept token that is used once it is this old is verified again in the background: that
    // records its use for the 60-day idle rule (coarsely) and catches what no notice says.
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(1);

    // Never trusted longer than this without a verification (a refresh that keeps failing);
    // also how long an unused token stays in memory.
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    // Customers sends a heartbeat about every second; this much silence means the feed is lost.
    public static readonly TimeSpan FeedSilenceLimit = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<TokenDigest, Entry> _entries = new();
    private readonly FeedTrust _feed = new();
    private readonly Lock _feedLock = new();
    private long _lastSweep = Stopwatch.GetTimestamp();
    private CancellationTokenSource _changed = new();

    // Moves on with every notice and feed change: a verification that saw it move keeps nothing.
    public long Generation => _feed.Generation;

    // The feed is heard: kept tokens may be trusted.
    public bool IsLive => IsCurrent(_feed.Session);

    public int Count => _entries.Count;

    // Cancelled whenever a notice may have ended some token (or the feed changed), so that a
    // long-running call checks its own token again at once.
    public CancellationToken Changed
    {
        get
        {
            lock (_feedLock)
            {
                return _changed.Token;
            }
        }
    }

    // A trusted identity for this token; refreshDue says the caller should start a background
    // verification (only one caller is told so at a time).
    public bool TryGet(TokenDigest key, out CallerIdentity caller, out bool refreshDue)
    {
        caller = null!;
        refreshDue = false;
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        // Read without the lock: this is every call's path, and a session change also moves the
        // generation, which keeps a racing verification out.
        if (!IsCurrent(entry.Session))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var age = now - entry.VerifiedAt;
        if (age < TimeSpan.Zero || age >= MaxAge)
        {
            return false;
        }

        Volatile.Write(ref entry.LastUsedTicks, now.UtcTicks);
        refreshDue = age >= RefreshAfter && Interlocked.CompareExchange(ref entry.Refreshing, 1, 0) == 0;
        caller = entry.Caller;
        return true;
    }

    // Keeps a verification that started at `generation`, unless something happened since.
    public void Add(TokenDigest key, CallerIdentity caller, long generation)
    {
        var session = _feed.Session;
        if (session == 0 || Generation != generation)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var entry = new Entry(caller, now, session) { LastUsedTicks = now.UtcTicks };
        _entries[key] = entry;
        // A notice that came between the check above and the write may have missed this entry.
        if (Generation != generation)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    // A background verification found the token dead.
    public void Remove(TokenDigest key) => _entries.TryRemove(key, out _);

    // A background verification failed for another reason: the next use may try again.
    public void RefreshFailed(TokenDigest key)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            Volatile.Write(ref entry.Refreshing, 0);
        }
    }

    // A new feed is in place (a watch that just started, or one that heard itself again after a
    // loss): what was kept before it may have missed notices and goes.
    public void StartSession()
    {
        lock (_feedLock)
        {
            _feed.StartSession();
            _entries.Clear();
        }

        SignalChanged();
    }

    // The feed is known to be gone: nothing is trusted until a new session starts.
    public void Lost()
    {
        lock (_feedLock)
        {
            _feed.Lost();
            _entries.Clear();
        }

        SignalChanged();
    }

    // A notice from the feed, heartbeats included.
    public void Apply(RevocationNotice notice)
    {
        switch (notice.Kind)
        {
            case RevocationKind.Reset:
                StartSession();
                return;
            case RevocationKind.TokenRevoked:
                Drop(caller => caller.BrandId == notice.BrandId && caller.TokenId == notice.TokenId);
                break;
            case RevocationKind.ApiUserDeleted:
                Drop(caller => caller.BrandId == notice.BrandId && caller.ApiUserId == notice.ApiUserId);
                break;
            case RevocationKind.BrandRemoved:
                Drop(caller => caller.BrandId == notice.BrandId);
                break;
        }

        Heard();
    }

    // Proof of life from the feed.
    public void Heard()
    {
        _feed.Heard();
        SweepIfDue();
    }

    private bool IsCurrent(long session) => _feed.IsCurrent(session, FeedSilenceLimit);

    private void Drop(Func<CallerIdentity, bool> revoked)
    {
        _feed.Moved();
        foreach (var (key, entry) in _entries)
        {
            if (revoked(entry.Caller))
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        SignalChanged();
    }

    private void SignalChanged()
    {
        CancellationTokenSource previous;
        lock (_feedLock)
        {
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        previous.Cancel();
    }

    // Tokens nobody used for MaxAge leave memory.
    private void SweepIfDue()
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (Stopwatch.GetElapsedTime(last) < TimeSpan.FromSeconds(30)
            || Interlocked.CompareExchange(ref _lastSweep, Stopwatch.GetTimestamp(), last) != last)
        {
            return;
        }

        var unusedSince = (clock.GetUtcNow() - MaxAge).UtcTicks;
        foreach (var (key, entry) in _entries)
        {
            if (Volatile.Read(ref entry.LastUsedTicks) < unusedSince)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed class Entry(CallerIdentity caller, DateTimeOffset verifiedAt, long session)
    {
        public long LastUsedTicks;
        public int Refreshing;

        public CallerIdentity Caller { get; } = caller;

        public DateTimeOffset VerifiedAt { get; } = verifiedAt;

        public long Session { get; } = session;
    }
}
