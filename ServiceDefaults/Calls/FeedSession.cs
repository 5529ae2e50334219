namespace Deployteq.ServiceDefaults.Calls;

// One watch of a feed, as FeedReconnection runs it: the watch says when it first heard the feed
// (from then on what it keeps is right again) and when no other watch should follow.
public sealed class FeedSession
{
    public bool WasHeard { get; private set; }

    public bool IsLast { get; private set; }

    public void Heard() => WasHeard = true;

    // This watch is the last: its credential no longer works, or nobody needs the feed any more.
    public void End() => IsLast = true;
}
