using Deployteq.ServiceDefaults.Calls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployteq.Events.Tests;

// ServiceDefaults' FeedReconnection, under every follower of a Customers feed: watch after watch
// until the last, what was kept lost after each.
public sealed class FeedReconnectionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static FeedReconnection Reconnection() =>
        new("A test feed", TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50), NullLogger.Instance);

    [Fact]
    public async Task A_watch_that_was_heard_then_broke_or_ended_is_watched_again_and_each_loss_is_reported()
    {
        var watches = 0;
        var losses = 0;

        await Reconnection().RunAsync((session, _) =>
        {
            session.Heard();
            watches++;
            if (watches == 3)
            {
                session.End();
            }

            return watches == 1 ? throw new InvalidOperationException("broke") : Task.CompletedTask;
        }, () => losses++, new CancellationTokenSource(Patience).Token).WaitAsync(Patience);

        Assert.Equal(3, watches);
        Assert.Equal(3, losses);
    }

    [Fact]
    public async Task A_watch_never_heard_is_tried_again_until_one_is()
    {
        var watches = 0;

        await Reconnection().RunAsync((session, _) =>
        {
            if (++watches == 4)
            {
                session.Heard();
                session.End();
            }

            return watches is 2 ? throw new InvalidOperationException("refused") : Task.CompletedTask;
        }, () => { }, new CancellationTokenSource(Patience).Token).WaitAsync(Patience);

        Assert.Equal(4, watches);
    }

    [Fact]
    public async Task The_last_watch_is_followed_by_no_other_even_when_it_failed()
    {
        var watches = 0;

        await Reconnection().RunAsync((session, _) =>
        {
            watches++;
            session.End();
            throw new InvalidOperationException("token refused");
        }, () => { }, new CancellationTokenSource(Patience).Token).WaitAsync(Patience);

        Assert.Equal(1, watches);
    }

    [Fact]
    public async Task An_error_it_is_told_not_to_retry_ends_the_watching_with_that_error_heard_or_not()
    {
        foreach (var heard in new[] { false, true })
        {
            var watches = 0;
            var reconnection = new FeedReconnection(
                "A test feed", TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50), NullLogger.Instance,
                retried: exception => exception is TimeoutException or FeedNotHeardException);

            var bug = await Assert.ThrowsAsync<InvalidOperationException>(() => reconnection.RunAsync((session, _) =>
            {
                if (heard)
                {
                    session.Heard();
                }

                return ++watches < 3 ? throw new TimeoutException("the feed broke") : throw new InvalidOperationException("a bug");
            }, () => { }, new CancellationTokenSource(Patience).Token).WaitAsync(Patience));

            Assert.Equal("a bug", bug.Message);
            Assert.Equal(3, watches);
        }
    }

    [Fact]
    public async Task Stopping_ends_the_watching()
    {
        using var stopping = new CancellationTokenSource();
        var running = Reconnection().RunAsync(async (session, token) =>
        {
            session.Heard();
            await Task.Delay(Timeout.Infinite, token);
        }, () => { }, stopping.Token);

        await stopping.CancelAsync();

        await running.WaitAsync(Patience);
    }
}
