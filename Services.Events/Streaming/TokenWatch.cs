using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Streaming;

// A subscription can run for days, but a token stops working at once when it is revoked or its
// user is deleted (DESIGN.md "Tenancy and security"): ServiceDefaults' StreamTokenWatch checks it
// again the moment Customers' revocation feed names some token, and every
// Events:TokenRecheckInterval in any case (which catches expiry).
public sealed class TokenWatch(StreamTokenWatch watch, IOptions<EventsOptions> options)
{
    // Completes with the UNAUTHENTICATED error once the token has died (after cancelling
    // `stream`), or with null when the stream ends first.
    public Task<RpcException?> WatchAsync(string token, CancellationTokenSource stream) =>
        watch.WatchAsync(token, options.Value.TokenRecheckInterval, stream);
}
