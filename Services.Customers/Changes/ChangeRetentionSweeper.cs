using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Options;

namespace Deployteq.Customers.Changes;

// The change feeds' retention sweep (ChangeFeedOptions.SweepInterval).
public sealed class ChangeRetentionSweeper(IChangeFeedStore store, IOptions<ChangeFeedOptions> options, ILogger<ChangeRetentionSweeper> logger)
    : StreamRetentionSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override string Entries => "changes";

    protected override Task<long> TrimExpiredAsync(CancellationToken cancellationToken) => store.TrimExpiredAsync(cancellationToken);
}
