namespace Deployteq.AppHost.Tests;

public static class Poll
{
    // Asks until the answer is there or the deadline passes; never a fixed sleep.
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout}: {what}");
            }

            await Task.Delay(200);
        }
    }
}
