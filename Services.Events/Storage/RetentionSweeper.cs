using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Storage;

// The activity streams' retention sweep (EventsOptions.RetentionSweepInterval).
public sealed class RetentionSweeper(IActivityStore store, IOptions<EventsOptions> options, ILogger<RetentionSweeper> logger)
    : StreamRetentionSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    protected override string Entries => "activities";

    protected override Task<long> TrimExpiredAsync(CancellationToken cancellationToken) => store.TrimExpiredAsync(cancellationToken);
}
