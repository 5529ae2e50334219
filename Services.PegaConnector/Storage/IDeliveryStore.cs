using Deployteq.PegaConnector.Delivery;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Storage;

// Delivery state in Redis: leases, in-flight marks, completions with the checkpoint, dead
// letters. Every call is one round trip, whatever the number of activities it carries.
public interface IDeliveryStore
{
    // The new lease's epoch (1, 2, ...), or 0 when another process holds it. Its token is
    // Lease.TokenOf(owner, epoch).
    Task<long> TryAcquireLeaseAsync(InstallationKey key, string owner, TimeSpan lifetime);

    // Also writes what the holder reports about the installation. False when the lease is gone.
    Task<bool> RenewLeaseAsync(InstallationKey key, string token, TimeSpan lifetime, ReportedStatus status);

    // Frees it and tells the other processes, which look for work at once.
    Task ReleaseLeaseAsync(InstallationKey key, string token);

    // Called whenever some process releases a lease.
    Task OnLeaseReleasedAsync(Action released);

    Task<string?> GetCheckpointAsync(InstallationKey key, string pass);

    // One script call for the whole batch; nothing is claimed unless the lease is still held.
    Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(InstallationKey key, string pass, IReadOnlyList<string> uuids, Lease lease, TimeSpan lifetime);

    // The checkpoint moves only while `token` holds the lease and the settings are still at
    // `version` (the ones the activities were read with).
    Task CompleteAsync(
        InstallationKey key, string pass, string token, long version, IReadOnlyList<Completion> completions, string? checkpoint, CompletionCounters counters);

    Task<IReadOnlyList<DeadLetter>> GetRedriveQueueAsync(InstallationKey key);

    // Newest first, from `offset`.
    Task<(IReadOnlyList<DeadLetter> Page, bool More)> ListDeadLettersAsync(InstallationKey key, long offset, int count);

    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(InstallationKey key);

    Task<bool> IsDeadLetterAsync(InstallationKey key, string uuid);

    Task<long> RedriveAsync(InstallationKey key, IReadOnlyList<string> uuids);

    Task<long> PurgeAsync(InstallationKey key, IReadOnlyList<string> uuids);
}
