using System.Globalization;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Model;

// A follower of a brand's change feed as it last acknowledged: what it had applied, and until when
// deletes wait for it. Stored as `<applied> <expiry, Unix ms>` (follower_ack.lua).
public readonly record struct FollowerState(StreamCursor Applied, DateTimeOffset Expires)
{
    public static FollowerState Parse(string stored)
    {
        var space = stored.IndexOf(' ');
        return new FollowerState(
            StreamCursor.Parse(stored[..space]),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(stored.AsSpan(space + 1), CultureInfo.InvariantCulture)));
    }
}
