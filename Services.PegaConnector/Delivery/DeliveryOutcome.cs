namespace Deployteq.PegaConnector.Delivery;

public enum DeliveryResult
{
    Delivered,

    // A permanent refusal (a 4xx other than 401, 403, 408, 429), or transient failures for the
    // whole retry window.
    Dead,

    // 401 or 403: the credentials are wrong; the installation pauses.
    CredentialsRefused,
}

public sealed record DeliveryOutcome(DeliveryResult Result, int StatusCode, string Response);
