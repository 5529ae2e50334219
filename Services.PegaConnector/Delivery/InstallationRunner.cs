using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Deployteq.PegaConnector.V1;
using StackExchange.Redis;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Delivery;

// Holds one installation's lease and delivers it: renews the lease (and reports the status) while
// a session runs, starts a new session when the settings change, waits while it is paused, and
// stops at once when the lease cannot be confirmed within its lifetime.
public sealed class InstallationRunner(
    InstallationKey key,
    ConnectorInstance instance,
    IDeliveryStore store,
    IInstallationStore installations,
    EventsClient events,
    HttpClient http,
    PegaConnectorOptions options,
    ConnectorMetrics metrics,
    TimeProvider clock,
    ILogger logger)
{
    private DeliverySession? _session;
    private long _version = -1;
    private bool _paused;
    private CancellationTokenSource? _changed;

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var stopKeeping = new CancellationTokenSource();
        var keeper = KeepLeaseAsync(lost, stopKeeping.Token);
        try
        {
            while (!lost.IsCancellationRequested)
            {
                InstallationRecord? record;
                try
                {
                    record = await installations.GetAsync(key);
                }
                catch (Exception exception) when (exception is RedisException or System.Security.Cryptography.CryptographicException)
                {
                    logger.LogWarning("Installation {Installation}: cannot load it ({Error}); trying again", key, exception.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), clock, lost.Token);
                    continue;
                }

                if (record is null)
                {
                    logger.LogInformation("Installation {Installation} was uninstalled; delivery stops", key);
                    return;
                }

                using var changed = CancellationTokenSource.CreateLinkedTokenSource(lost.Token);
                Volatile.Write(ref _version, record.Version);
                _changed = changed;
                if (record.IsPaused)
                {
                    _paused = true;
                    _session = null;
                    await WaitAsync(changed.Token);
                    continue;
                }

                _paused = false;
                var session = new DeliverySession(record, instance.Owner, store, installations, events, http, options, metrics, clock, logger);
                _session = session;
                logger.LogInformation("Installation {Installation}: delivering (settings version {Version})", key, record.Version);
                await session.RunAsync(changed.Token, shutdown.IsCancellationRequested ? TimeSpan.Zero : options.ShutdownGrace);
            }
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
        }
        finally
        {
            await stopKeeping.CancelAsync();
            await keeper;
            try
            {
                await store.ReleaseLeaseAsync(key, instance.Owner);
            }
            catch (RedisException)
            {
                // It expires by itself.
            }
        }
    }

    private static async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ReportedStatus Status() => _paused
        ? new ReportedStatus(InstallationState.Paused, 0, 0, "", 0)
        : _session?.Report() ?? new ReportedStatus(InstallationState.Starting, 0, 0, "", 0);

    // Renews the lease every LeaseRenewInterval; a settings change restarts the session; a lease
    // that is gone, or that could not be confirmed for its whole lifetime, stops everything.
    private async Task KeepLeaseAsync(CancellationTokenSource lost, CancellationToken stop)
    {
        var confirmed = clock.GetUtcNow();
        while (!stop.IsCancellationRequested && !lost.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.LeaseRenewInterval, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var renewing = store.RenewLeaseAsync(key, instance.Owner, options.LeaseLifetime, Status());
                var version = installations.GetVersionAsync(key);
                if (!await renewing)
                {
                    logger.LogWarning("Installation {Installation}: lease lost; delivery stops here", key);
                    await lost.CancelAsync();
                    return;
                }

                confirmed = clock.GetUtcNow();
                var current = await version;
                if (current != Volatile.Read(ref _version) && _changed is { } changed)
                {
                    await changed.CancelAsync();
                }
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                if (clock.GetUtcNow() - confirmed >= options.LeaseLifetime)
                {
                    logger.LogWarning("Installation {Installation}: lease not confirmed for {Lifetime}; delivery stops here", key, options.LeaseLifetime);
                    await lost.CancelAsync();
                    return;
                }
            }
        }
    }
}
