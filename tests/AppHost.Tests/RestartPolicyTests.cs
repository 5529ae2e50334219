namespace Deployteq.AppHost.Tests;

public sealed class RestartPolicyTests
{
    [Fact]
    public void The_backoff_doubles_from_one_second_to_thirty_and_starts_over_after_a_minute_up()
    {
        var policy = RestartPolicyAnnotation.Default;
        var delay = TimeSpan.Zero;
        var seen = new List<double>();
        for (var crash = 0; crash < 7; crash++)
        {
            delay = policy.NextDelay(delay, upFor: TimeSpan.FromSeconds(2));
            seen.Add(delay.TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], seen);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(delay, upFor: TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.NextDelay(delay, upFor: TimeSpan.FromSeconds(59)));
    }
}
