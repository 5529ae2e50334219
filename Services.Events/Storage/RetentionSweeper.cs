using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.Events.Storage;

// Every write trims its own brand's stream (XADD MINID); this trims the streams of brands that
// stopped receiving activities, so retention holds for them too.
public sealed class RetentionSweeper(IActivityStore store, IOptions<EventsOptions> options, ILogger<RetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var trimmed = await store.TrimExpiredAsync(stoppingToken);
                logger.LogInformation("Retention sweep trimmed {Count} activities", trimmed);
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                // The next sweep tries again; a write trims its own stream meanwhile.
                logger.LogWarning(exception, "Retention sweep failed");
            }
        }
    }
}
