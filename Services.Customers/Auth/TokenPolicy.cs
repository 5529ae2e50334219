namespace Deployteq.Customers.Auth;

public static class TokenPolicy
{
    // A token nobody used for this long stops working.
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromDays(60);

    // last_used is written at most this often, so that a read does not become a write.
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
}
