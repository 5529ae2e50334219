using System.Net.Http.Headers;

namespace Deployteq.PegaConnector.Delivery;

// Retry-After as seconds or an HTTP date, clamped to [0, max].
public static class RetryAfter
{
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now, TimeSpan max)
    {
        var value = headers.RetryAfter;
        TimeSpan? wait = value switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > max ? max : wait;
    }
}
