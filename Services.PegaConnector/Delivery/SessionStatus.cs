using Deployteq.PegaConnector.Model;

namespace Deployteq.PegaConnector.Delivery;

// What a session tells about itself: the last error and the counts gathered between two writes.
public sealed class SessionStatus(TimeProvider clock)
{
    private string _lastError = "";
    private long _lastErrorMilliseconds;
    private long _retried;
    private long _failed;
    private long _duplicates;

    public string LastError => Volatile.Read(ref _lastError);

    public long LastErrorMilliseconds => Interlocked.Read(ref _lastErrorMilliseconds);

    public void RecordError(string message)
    {
        Volatile.Write(ref _lastError, Short(message));
        Interlocked.Exchange(ref _lastErrorMilliseconds, clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public void CountRetry() => Interlocked.Increment(ref _retried);

    public void CountFailure() => Interlocked.Increment(ref _failed);

    public void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    // What was counted since the last call.
    public CompletionCounters TakeCounters() =>
        new(Interlocked.Exchange(ref _retried, 0), Interlocked.Exchange(ref _failed, 0), Interlocked.Exchange(ref _duplicates, 0));

    public static string Short(string text) => text.Length > 200 ? text[..200] : text;
}
