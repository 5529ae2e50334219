using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Storage;

// Delivery state in Redis: leases, in-flight marks, completions with the checkpoint, dead
// letters. Every call is one round trip, whatever the number of activities it carries.
public interface IDeliveryStore
{
    Task<bool> TryAcquireLeaseAsync(InstallationKey key, string owner, TimeSpan lifetime);

    // Also writes what the owner reports about the installation. False when the lease is gone.
    Task<bool> RenewLeaseAsync(InstallationKey key, string owner, TimeSpan lifetime, ReportedStatus status);

    Task ReleaseLeaseAsync(InstallationKey key, string owner);

    Task<string?> GetCheckpointAsync(InstallationKey key, string pass);

    Task<IReadOnlyList<ClaimState>> ClaimAsync(InstallationKey key, string pass, IReadOnlyList<string> uuids, string owner, TimeSpan lifetime);

    Task CompleteAsync(InstallationKey key, string pass, string owner, IReadOnlyList<Completion> completions, string? checkpoint, CompletionCounters counters);

    Task<IReadOnlyList<DeadLetter>> GetRedriveQueueAsync(InstallationKey key);

    // Newest first, from `offset`.
    Task<(IReadOnlyList<DeadLetter> Page, bool More)> ListDeadLettersAsync(InstallationKey key, long offset, int count);

    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(InstallationKey key);

    Task<bool> IsDeadLetterAsync(InstallationKey key, string uuid);

    Task<long> RedriveAsync(InstallationKey key, IReadOnlyList<string> uuids);

    Task<long> PurgeAsync(InstallationKey key, IReadOnlyList<string> uuids);
}
