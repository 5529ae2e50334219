using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Calls;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Deployteq.ServiceDefaults.Auth;

// Keeps this service's TokenCache right: watches Customers' revocation feed
// (Identity.WatchRevocations) for as long as the service runs, reconnecting when it breaks. A
// feed that goes silent (no heartbeat for FeedSilenceLimit: a dead connection that no error
// reports) is given up and watched anew; meanwhile the cache trusts nothing.
public sealed class RevocationFeedListener(
    GrpcClientFactory clients,
    TokenCache cache,
    IOptions<InternalKeyOptions> internalKey,
    ILogger<RevocationFeedListener> logger) : BackgroundService
{
    // The named Identity client for the feed: no resilience handler, whose timeouts would cut a
    // stream that is meant to run for days.
    public const string ClientName = "revocation-feed";

    // Short: a revoked token must be refused within a second, and a cache without the feed
    // trusts nothing, so every service calls Customers until the feed is back.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var key = internalKey.Value.Key;
        if (string.IsNullOrEmpty(key))
        {
            logger.LogWarning("No Internal:Key is configured: every call's token is verified with Customers, none is kept.");
            return;
        }

        var identity = clients.CreateClient<Identity.IdentityClient>(ClientName);
        var reconnection = new FeedReconnection("The revocation feed", FirstRetry, LastRetry, logger);
        await reconnection.RunAsync((session, stopping) => WatchAsync(identity, key, session, stopping), cache.Lost, stoppingToken);
    }

    private async Task WatchAsync(Identity.IdentityClient identity, string key, FeedSession session, CancellationToken stoppingToken)
    {
        using var call = identity.WatchRevocations(new WatchRevocationsRequest(), BearerToken.Header(key), cancellationToken: stoppingToken);
        while (true)
        {
            // A feed that sends no heartbeat for the limit is a dead connection that no error reports.
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            silence.CancelAfter(TokenCache.FeedSilenceLimit);
            if (!await call.ResponseStream.MoveNext(silence.Token))
            {
                return;
            }

            if (!session.WasHeard)
            {
                // A new watch: what was kept before it may have missed notices.
                cache.StartSession();
                session.Heard();
            }

            cache.Apply(call.ResponseStream.Current);
        }
    }
}
