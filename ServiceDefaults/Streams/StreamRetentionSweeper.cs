using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployteq.ServiceDefaults.Streams;

// Every write trims its own brand's stream; a sweep every Interval trims the streams of brands
// that stopped writing, so retention holds for them too. A sweep that fails is logged and the
// next one tries again: one failed sweep never stops the service.
public abstract class StreamRetentionSweeper(ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    // What the stream's entries are, for the log ("changes", "activities").
    protected abstract string Entries { get; }

    // Trims every brand's stream below retention (StreamRetention.TrimAsync); returns how many
    // entries went.
    protected abstract Task<long> TrimExpiredAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var trimmed = await TrimExpiredAsync(stoppingToken);
                logger.LogInformation("Retention sweep trimmed {Count} {Entries}", trimmed, Entries);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Retention sweep of {Entries} failed", Entries);
            }
        }
    }
}
