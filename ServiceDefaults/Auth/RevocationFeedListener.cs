using Deployteq.Customers.V1;
using Grpc.Core;
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
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await WatchAsync(identity, key, stoppingToken))
                {
                    retry = FirstRetry;
                }
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException exception)
            {
                logger.LogDebug("The revocation feed broke off ({Status}); watching again", exception.StatusCode);
            }
            catch (OperationCanceledException)
            {
                logger.LogDebug("The revocation feed went silent; watching again");
            }
            catch (Exception exception)
            {
                // Whatever it was, the cache must not trust a feed it does not hear; watch again.
                logger.LogWarning(exception, "Watching the revocation feed failed; watching again");
            }

            cache.Lost();
            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    // True when the watch got as far as its first item.
    private async Task<bool> WatchAsync(Identity.IdentityClient identity, string key, CancellationToken stoppingToken)
    {
        using var call = identity.WatchRevocations(new WatchRevocationsRequest(), BearerToken.Header(key), cancellationToken: stoppingToken);
        var started = false;
        while (true)
        {
            using var silence = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            silence.CancelAfter(TokenCache.FeedSilenceLimit);
            if (!await call.ResponseStream.MoveNext(silence.Token))
            {
                return started;
            }

            if (!started)
            {
                // A new watch: what was kept before it may have missed notices.
                cache.StartSession();
                started = true;
            }

            cache.Apply(call.ResponseStream.Current);
        }
    }
}
