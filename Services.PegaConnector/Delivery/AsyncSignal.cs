namespace Deployteq.PegaConnector.Delivery;

// Wakes one waiter that looks at shared state again: set by whoever changed it. A waiter resets it
// as it wakes, before looking, so that no change is missed (a spare wake-up only costs a look).
public sealed class AsyncSignal
{
    private TaskCompletionSource _set = New();

    public void Set() => Volatile.Read(ref _set).TrySetResult();

    // Until set, `timeout` passed (Timeout.InfiniteTimeSpan: no limit) or cancelled.
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var set = Volatile.Read(ref _set);
        try
        {
            if (!set.Task.IsCompleted)
            {
                await set.Task.WaitAsync(timeout, clock, cancellationToken);
            }
        }
        catch (TimeoutException)
        {
        }

        if (set.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _set, New(), set);
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
