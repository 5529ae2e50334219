using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Deployteq.ServiceDefaults.Calls;

// How a follower of a Customers feed reconnects: watch after watch for as long as the service
// runs, with exponential backoff and jitter (Polly's retry) capped at maxDelay, so that many
// followers that lost Customers at once do not come back in step. A watch that was heard (it
// called FeedSession.Heard) and then ended starts the backoff afresh. Whatever ends a watch, an
// error, silence or the stream's end, `lost` runs first: what it kept may be stale from then on.
// An error that `retried` turns down (a bug, not the feed breaking) ends the watching with it.
public sealed class FeedReconnection
{
    private readonly string _feed;
    private readonly TimeSpan _firstDelay;
    private readonly ILogger _logger;
    private readonly Func<Exception, bool> _retried;
    private readonly ResiliencePipeline _retry;

    public FeedReconnection(string feed, TimeSpan firstDelay, TimeSpan maxDelay, ILogger logger, Func<Exception, bool>? retried = null)
    {
        _feed = feed;
        _firstDelay = firstDelay;
        _logger = logger;
        _retried = retried ?? (_ => true);
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // By default everything, a silent feed's OperationCanceledException too, until the service stops.
                ShouldHandle = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is { } exception && _retried(exception) && !arguments.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
                MaxDelay = maxDelay,
                OnRetry = arguments =>
                {
                    _logger.LogDebug("{Feed} broke off ({Reason}); watching again in {Delay}", _feed, arguments.Outcome.Exception?.Message, arguments.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    // Returns when stopping is cancelled or a watch was the last (FeedSession.End).
    public async Task RunAsync(Func<FeedSession, CancellationToken, Task> watch, Action lost, CancellationToken stopping)
    {
        try
        {
            var last = false;
            while (!last && !stopping.IsCancellationRequested)
            {
                await _retry.ExecuteAsync(async token => last = await WatchOnceAsync(watch, lost, token), stopping);
                if (!last)
                {
                    await Task.Delay(_firstDelay, stopping);
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping: whatever the watch met on its way out.
        }
    }

    // True when no watch should follow; throws (for the retry) when the watch was never heard.
    private async Task<bool> WatchOnceAsync(Func<FeedSession, CancellationToken, Task> watch, Action lost, CancellationToken stopping)
    {
        var session = new FeedSession();
        try
        {
            await watch(session, stopping);
        }
        catch (Exception exception) when ((session.WasHeard || session.IsLast) && _retried(exception) && !stopping.IsCancellationRequested)
        {
            _logger.LogDebug("{Feed} broke off ({Reason}); watching again", _feed, exception.Message);
        }
        finally
        {
            lost();
        }

        return session.IsLast || session.WasHeard
            ? session.IsLast
            : throw new FeedNotHeardException($"{_feed} ended before anything was heard.");
    }
}
