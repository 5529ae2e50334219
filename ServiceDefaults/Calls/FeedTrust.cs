using System.Diagnostics;

namespace Deployteq.ServiceDefaults.Calls;

// Whether what a Customers feed keeps right (tokens, customers) may be trusted (DESIGN.md
// "Tenancy and security"): only while the feed is heard, and only what was kept during its
// current session, so a cache that lost the feed, or heard nothing for the silence limit, trusts
// nothing it kept. Generation moves with every change the feed brings and every session change:
// a fetch that started before it moved may have been overtaken, and keeps nothing.
public sealed class FeedTrust
{
    private readonly Lock _lock = new();
    private long _generation;
    private long _session;
    private long _sessions;
    private long _lastHeard;

    public long Generation => Interlocked.Read(ref _generation);

    // The current session; 0 while there is none.
    public long Session => Volatile.Read(ref _session);

    // True when what was kept in `session` may be trusted now.
    public bool IsCurrent(long session, TimeSpan silenceLimit) =>
        session != 0 && session == Session && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHeard)) < silenceLimit;

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

    // The feed is gone: nothing is trusted until a new session starts.
    public void Lost()
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _generation);
            Volatile.Write(ref _session, 0);
        }
    }

    // Proof of life from the feed, within a session.
    public void Heard()
    {
        lock (_lock)
        {
            if (_session != 0)
            {
                Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
            }
        }
    }

    // The feed brought a change: fetches that overlapped it keep nothing.
    public void Moved() => Interlocked.Increment(ref _generation);
}
