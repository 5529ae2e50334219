using System.Globalization;

namespace Deployteq.Customers.Model;

// A follower of a brand's change feed as it last acknowledged: what it had applied, and until when
// deletes wait for it. Stored as `<applied> <expiry, Unix ms>` (follower_ack.lua).
public readonly record struct FollowerState(ChangePosition Applied, DateTimeOffset Expires)
{
    public static FollowerState Parse(string stored)
    {
        var space = stored.IndexOf(' ');
        return new FollowerState(
            ChangePosition.Parse(stored[..space]),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(stored.AsSpan(space + 1), CultureInfo.InvariantCulture)));
    }
}
