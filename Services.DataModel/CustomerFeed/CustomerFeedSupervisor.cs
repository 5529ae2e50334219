using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.CustomerFeed;

// One follower per brand. A brand's feed is read with a token of that brand: the latest caller's
// (kept in memory only, never stored), offered by every call whose token may read customers.
// After a restart a brand's feed resumes from its checkpoint with the brand's first call; until
// then its records are only reachable through calls, which check their customers with Customers.
public sealed class CustomerFeedSupervisor(
    CustomerFeedFollower follower,
    IOptions<DataModelOptions> options,
    ILogger<CustomerFeedSupervisor> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, BrandFeed> _feeds = new();
    private readonly CancellationTokenSource _stopping = new();

    public void Offer(long brandId, string token)
    {
        if (!options.Value.FeedEnabled || _stopping.IsCancellationRequested)
        {
            return;
        }

        var feed = _feeds.GetOrAdd(brandId, _ => new BrandFeed());
        lock (feed)
        {
            feed.Token = token;
            if (feed.Running is null || feed.Running.IsCompleted)
            {
                feed.Running = Task.Run(() => RunAsync(brandId, feed));
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        var running = _feeds.Values.Select(feed => feed.Running).OfType<Task>().ToArray();
        await Task.WhenAll(running).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(long brandId, BrandFeed feed)
    {
        var stopping = _stopping.Token;
        // Failures in a row: the wait before the next attempt doubles with each, up to a minute,
        // so a Customers without the feed is not asked (and reconciled against) every second.
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            string? token;
            lock (feed)
            {
                token = feed.Token;
                if (token is null)
                {
                    // No live token: the next call of the brand starts the feed again.
                    feed.Running = null;
                    return;
                }
            }

            var started = DateTimeOffset.UtcNow;
            try
            {
                await follower.FollowAsync(brandId, token, stopping);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (FeedAccessException exception)
            {
                logger.LogInformation("Brand {BrandId}: the change feed refused the token it had ({Reason}); waiting for another", brandId, exception.Message);
                lock (feed)
                {
                    if (feed.Token == token)
                    {
                        feed.Token = null;
                    }
                }

                continue;
            }
            catch (Exception exception)
            {
                failures = DateTimeOffset.UtcNow - started > MaxRetryDelay ? 1 : failures + 1;
                logger.LogWarning("Brand {BrandId}: the change feed broke off ({Reason}); reopening", brandId, exception.Message);
            }

            try
            {
                var delay = options.Value.FeedRetryDelay * Math.Pow(2, Math.Min(failures, 10));
                await Task.Delay(delay < MaxRetryDelay ? delay : MaxRetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class BrandFeed
    {
        public string? Token { get; set; }

        public Task? Running { get; set; }
    }
}
