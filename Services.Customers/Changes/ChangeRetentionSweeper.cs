using Deployteq.Customers.Storage;
using Microsoft.Extensions.Options;

namespace Deployteq.Customers.Changes;

// Every change trims its own brand's feed; this trims the feeds of brands that stopped changing,
// so retention holds for them too.
public sealed class ChangeRetentionSweeper(IChangeFeedStore store, IOptions<ChangeFeedOptions> options, ILogger<ChangeRetentionSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var trimmed = await store.TrimExpiredAsync(stoppingToken);
                logger.LogInformation("Change retention sweep trimmed {Count} changes", trimmed);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Change retention sweep failed");
            }
        }
    }
}
