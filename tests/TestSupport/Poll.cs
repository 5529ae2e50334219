using System.Collections;
using System.Diagnostics;

namespace Deployteq.TestSupport;

// Waits for a condition with a deadline, never for a fixed time: asks again every interval until
// the answer holds. On timeout it says what it waited for and what it saw last, so a failure
// reads as the state the test was stuck in.
public static class Poll
{
    // Generous by default: a 2-core machine shared with other builds (TEST_PATIENCE in seconds).
    public static readonly TimeSpan Patience =
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("TEST_PATIENCE"), out var seconds) ? seconds : 60);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    public static Task UntilAsync(Func<bool> condition, string because, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), because, timeout, interval);

    public static Task UntilAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        PollAsync(condition, held => held, because, timeout, interval, describe: null);

    // Returns the first observation that holds; on timeout the message shows the last one.
    public static Task<T> UntilAsync<T>(Func<T> observe, Func<T, bool> holds, string because, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        PollAsync(() => Task.FromResult(observe()), holds, because, timeout, interval, Describe<T>);

    public static Task<T> UntilAsync<T>(Func<Task<T>> observe, Func<T, bool> holds, string because, TimeSpan? timeout = null, TimeSpan? interval = null) =>
        PollAsync(observe, holds, because, timeout, interval, Describe<T>);

    // Asks until there is an answer (null meaning "not yet") and returns it.
    public static async Task<T> UntilFoundAsync<T>(Func<Task<T?>> find, string because, TimeSpan? timeout = null, TimeSpan? interval = null) where T : class =>
        (await PollAsync(find, found => found is not null, because, timeout, interval, describe: null))!;

    private static async Task<T> PollAsync<T>(
        Func<Task<T>> observe, Func<T, bool> holds, string because, TimeSpan? timeout, TimeSpan? interval, Func<T, string>? describe)
    {
        var patience = timeout ?? Patience;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var observed = await observe();
            if (holds(observed))
            {
                return observed;
            }

            if (clock.Elapsed > patience)
            {
                var last = describe is null ? "" : $" (last observed: {describe(observed)})";
                throw new TimeoutException($"Not within {patience.TotalSeconds:0.###} s: {because}{last}.");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    private static string Describe<T>(T observed) => observed switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(item => item?.ToString() ?? "null")) + "]",
        _ => observed.ToString() ?? "",
    };
}
