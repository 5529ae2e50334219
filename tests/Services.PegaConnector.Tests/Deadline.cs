namespace Deployteq.PegaConnector.Tests;

// Polls with a deadline: no fixed sleep decides a test.
public static class Deadline
{
    // Generous: a 2-core machine shared with other builds.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("TEST_PATIENCE"), out var s) ? s : 60);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }
}
