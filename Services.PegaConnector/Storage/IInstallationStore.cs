using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.V1;

namespace Deployteq.PegaConnector.Storage;

// Installations and what is known about their delivery.
public interface IInstallationStore
{
    Task<long> NextIdAsync(long brandId);

    // The Redis clock, which also stamps the Events stream positions.
    Task<long> NowMillisecondsAsync();

    Task CreateAsync(InstallationRecord record);

    Task<InstallationRecord?> GetAsync(InstallationKey key);

    // The settings version; null when the installation is gone.
    Task<long?> GetVersionAsync(InstallationKey key);

    // The brand's installations after `afterId`, by id, with their status; NextAfter, when there
    // are more, is where the next page starts. A constant number of round trips whatever `count`.
    Task<(IReadOnlyList<(InstallationRecord Record, InstallationStatus Status)> Page, long? NextAfter)> ListPageAsync(long brandId, long afterId, int count);

    // False when it no longer exists. Bumps Version (and CredentialsVersion when asked).
    Task<bool> UpdateAsync(InstallationRecord record, bool credentialsChanged);

    Task DeleteAsync(InstallationKey key, long replayId);

    Task<IReadOnlyList<InstallationKey>> ListAllAsync();

    Task<InstallationStatus> GetStatusAsync(InstallationKey key, InstallationRecord record);

    // Records the pause for the credentials version it happened at.
    Task PauseAsync(InstallationKey key, long credentialsVersion, string reason);

    // A new replay (replacing an unfinished one); its id.
    Task<long> StartReplayAsync(InstallationKey key, long fromMilliseconds, long toMilliseconds);

    Task FinishReplayAsync(InstallationKey key, long replayId);
}
