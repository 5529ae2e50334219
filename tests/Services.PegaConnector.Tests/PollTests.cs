using Deployteq.TestSupport;

namespace Deployteq.PegaConnector.Tests;

// TestSupport's Poll, which every suite waits with: it returns what held, and a timeout says
// what was waited for and what was seen last.
public sealed class PollTests
{
    [Fact]
    public async Task It_returns_the_first_observation_that_holds()
    {
        var asked = 0;

        var seen = await Poll.UntilAsync(() => ++asked, count => count >= 3, "three asks", TimeSpan.FromSeconds(10), TimeSpan.Zero);

        Assert.Equal((3, 3), (seen, asked));
    }

    [Fact]
    public async Task A_timeout_names_what_was_awaited_and_the_last_value_seen()
    {
        var asked = 0;

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() =>
            Poll.UntilAsync(() => $"state {++asked}", state => state == "done", "the state is done", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10)));

        Assert.StartsWith("Not within 0.1 s: the state is done (last observed: \"state ", timeout.Message);
        Assert.Contains($"\"state {asked}\"", timeout.Message);
    }

    [Fact]
    public async Task A_failing_observation_is_not_retried_but_thrown()
    {
        var asked = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Poll.UntilAsync<bool>(() => ++asked == 1 ? throw new InvalidOperationException("exited") : true, held => held, "never", TimeSpan.FromSeconds(10)));

        Assert.Equal(1, asked);
    }
}
