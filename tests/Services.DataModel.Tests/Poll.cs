namespace Deployteq.DataModel.Tests;

// Waits for a condition with a deadline rather than for a fixed time.
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 60 s");
            await Task.Delay(50);
        }
    }
}
