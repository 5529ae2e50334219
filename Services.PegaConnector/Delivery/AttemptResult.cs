namespace Deployteq.PegaConnector.Delivery;

public enum AttemptKind
{
    Delivered,

    // A transient failure (connection error, timeout, 408, 429, 5xx): send it again later.
    Retry,

    // A permanent refusal (a 4xx other than 401, 403, 408, 429).
    Dead,

    // 401 or 403: the credentials are wrong; the installation pauses.
    CredentialsRefused,

    // The circuit breaker let no call through: not an attempt, the activity waits for the probe.
    NotSent,
}

// What one call to the endpoint came to. Response: the start of the answer's body, or the kind
// of network error. RetryAfter: the endpoint's own, when it gave one.
public sealed record AttemptResult(AttemptKind Kind, int StatusCode, string Response, TimeSpan? RetryAfter, TimeSpan Elapsed)
{
    public string Describe() => StatusCode == 0 ? Response : $"HTTP {StatusCode}";
}
