using StackExchange.Redis;

namespace Deployteq.PegaConnector.Delivery;

// Delivery state must reach Redis: through an outage a stage waits and tries again, and says so.
public static class StorageRetry
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public static async Task<T> UntilDoneAsync<T>(Func<Task<T>> action, SessionStatus status, TimeProvider clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                status.RecordError("Redis unreachable");
                await Task.Delay(Pause, clock, cancellationToken);
            }
        }
    }

    public static Task UntilDoneAsync(Func<Task> action, SessionStatus status, TimeProvider clock, CancellationToken cancellationToken) =>
        UntilDoneAsync(async () =>
        {
            await action();
            return true;
        }, status, clock, cancellationToken);
}
