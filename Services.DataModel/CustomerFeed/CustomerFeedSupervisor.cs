using System.Collections.Concurrent;
using Deployteq.DataModel.Storage;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.CustomerFeed;

// One follower per brand, whether anybody calls or not. From its start (and every
// BrandScanInterval, which also picks up brands that another instance gave modules) the service
// follows the feed of every brand it holds data for (the brands with modules, from Redis) with the
// internal key, resuming from the brand's checkpoint; a brand that gets its first module here is
// followed from then (Follow). Callers' tokens (Offer; kept in memory only, never stored) are
// needed only to reconcile (which reads which customers exist, something the internal key never
// may), and to watch at all when no internal key is configured.
public sealed class CustomerFeedSupervisor(
    CustomerFeedFollower follower,
    IModuleStore modules,
    IOptions<DataModelOptions> options,
    IOptions<InternalKeyOptions> internalKey,
    ILogger<CustomerFeedSupervisor> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, BrandFeed> _feeds = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _scan = Task.CompletedTask;

    private string? InternalKey => string.IsNullOrEmpty(internalKey.Value.Key) ? null : internalKey.Value.Key;

    // The brand holds data here now (a module was created): follow its feed with the internal key.
    public void Follow(long brandId)
    {
        if (InternalKey is not null)
        {
            Start(brandId, token: null);
        }
    }

    // A caller of the brand whose token may read customers.
    public void Offer(long brandId, string token) => Start(brandId, token);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.FeedEnabled)
        {
            if (InternalKey is null)
            {
                logger.LogWarning("No Internal:Key is configured: a brand's change feed is followed only once a caller of the brand has called.");
            }
            else
            {
                _scan = Task.Run(ScanAsync, CancellationToken.None);
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var running = _feeds.Values.Select(feed => feed.Running).OfType<Task>().Append(_scan).ToArray();
        await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose() => _stopping.Dispose();

    private void Start(long brandId, string? token)
    {
        if (!options.Value.FeedEnabled || _stopping.IsCancellationRequested)
        {
            return;
        }

        var feed = _feeds.GetOrAdd(brandId, _ => new BrandFeed());
        lock (feed)
        {
            if (token is not null)
            {
                feed.Token = token;
                feed.WaitingForCaller = false;
            }

            if (!feed.Gone && !feed.WaitingForCaller && (feed.Running is null || feed.Running.IsCompleted))
            {
                feed.Running = Task.Run(() => RunAsync(brandId, feed), CancellationToken.None);
            }
        }
    }

    // The brands with modules, at start and then every BrandScanInterval (sooner while Redis
    // cannot be read).
    private async Task ScanAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var wait = options.Value.BrandScanInterval;
            try
            {
                foreach (var brandId in await modules.BrandsWithModulesAsync())
                {
                    Follow(brandId);
                }
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning("The brands with modules could not be read ({Reason}); trying again", exception.Message);
                wait = options.Value.FeedRetryDelay;
            }

            try
            {
                await Task.Delay(wait, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Follows the brand's feed until it needs no following (no credential, the brand gone, a
    // reconciliation waiting for a caller). Failures in a row lengthen the wait before the next
    // attempt, up to a minute, so a Customers without the feed is not asked (and reconciled
    // against) every second; a follow that ran its course, or for longer than that, starts the
    // backoff afresh.
    private Task RunAsync(long brandId, BrandFeed feed) =>
        new FeedReconnection($"Brand {brandId}: the change feed", options.Value.FeedRetryDelay, MaxRetryDelay, logger)
            .RunAsync((session, stopping) => FollowOnceAsync(brandId, feed, session, stopping), () => { }, _stopping.Token);

    private async Task FollowOnceAsync(long brandId, BrandFeed feed, FeedSession session, CancellationToken stopping)
    {
        FeedCredentials credentials;
        lock (feed)
        {
            var watchWith = InternalKey ?? feed.Token;
            if (watchWith is null)
            {
                // No key and no live token: the next call of the brand starts the feed again.
                feed.Running = null;
                session.End();
                return;
            }

            credentials = new FeedCredentials(watchWith, feed.Token);
        }

        var started = DateTimeOffset.UtcNow;
        try
        {
            await follower.FollowAsync(brandId, credentials, stopping);
            session.Heard();
        }
        catch (CallerTokenNeededException exception)
        {
            lock (feed)
            {
                if (exception.Refused is not null && feed.Token == exception.Refused)
                {
                    feed.Token = null;
                }

                if (feed.Token is null)
                {
                    logger.LogWarning("Brand {BrandId}: a reconciliation with Customers is due ({Reason}); it waits for the brand's next caller", brandId, exception.Message);
                    feed.WaitingForCaller = true;
                    feed.Running = null;
                    session.End();
                    return;
                }
            }

            // Another caller's token has come since: try it at once.
            session.Heard();
        }
        catch (FeedBrandGoneException exception)
        {
            logger.LogWarning("Brand {BrandId}: Customers has no such brand ({Reason}); its feed is not followed", brandId, exception.Message);
            lock (feed)
            {
                feed.Gone = true;
                feed.Running = null;
            }

            session.End();
        }
        catch (FeedAccessException exception) when (InternalKey is null)
        {
            logger.LogInformation("Brand {BrandId}: the change feed refused the token it had ({Reason}); waiting for another", brandId, exception.Message);
            lock (feed)
            {
                if (feed.Token == credentials.WatchWith)
                {
                    feed.Token = null;
                }
            }

            session.Heard();
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            // The internal key refused (a configuration mismatch, or a Customers older than the
            // keyed feed), or the feed broke off: tried again with the backoff.
            if (exception is FeedAccessException)
            {
                logger.LogWarning("Brand {BrandId}: the change feed refused the internal key ({Reason}); trying again", brandId, exception.Message);
            }
            else
            {
                logger.LogWarning("Brand {BrandId}: the change feed broke off ({Reason}); reopening", brandId, exception.Message);
            }

            if (DateTimeOffset.UtcNow - started > MaxRetryDelay)
            {
                session.Heard();
            }

            throw;
        }
    }

    private sealed class BrandFeed
    {
        // The latest caller's token (for reconciliations; for the watch when no key is configured).
        public string? Token { get; set; }

        public Task? Running { get; set; }

        // A reconciliation is due and no caller's token can do it: the brand's next call resumes.
        public bool WaitingForCaller { get; set; }

        // Customers has no such brand.
        public bool Gone { get; set; }
    }
}
