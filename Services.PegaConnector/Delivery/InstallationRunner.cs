using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Deployteq.PegaConnector.V1;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.PegaConnector.Delivery;

// Holds one installation's lease and delivers it: renews the lease (and reports the status) while
// a session runs, starts a new session (a DI scope of its own) when the settings change, waits
// while it is paused, and stops at once when the lease is lost or could not be renewed in time.
// On the way out it releases the lease, which tells the other processes to take it up at once.
public sealed class InstallationRunner(
    Lease lease,
    IServiceScopeFactory scopes,
    IDeliveryStore store,
    IInstallationStore installations,
    IOptions<PegaConnectorOptions> options,
    TimeProvider clock,
    ILogger<InstallationRunner> logger)
{
    private readonly PegaConnectorOptions _options = options.Value;
    private readonly InstallationKey _key = lease.Key;
    private DeliverySession? _session;
    private long _version = -1;
    private bool _paused;
    private ReportedStatus? _lastReport;
    private CancellationTokenSource? _changed;

    public async Task RunAsync(CancellationToken shutdown)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(shutdown, lease.Lost);
        using var stopKeeping = new CancellationTokenSource();
        var keeper = KeepLeaseAsync(lost, stopKeeping.Token);
        try
        {
            while (!lost.IsCancellationRequested)
            {
                InstallationRecord? record;
                try
                {
                    record = await installations.GetAsync(_key);
                }
                catch (Exception exception) when (exception is RedisException or System.Security.Cryptography.CryptographicException)
                {
                    logger.LogWarning("Installation {Installation}: cannot load it ({Error}); trying again", _key, exception.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), clock, lost.Token);
                    continue;
                }

                if (record is null)
                {
                    logger.LogInformation("Installation {Installation} was uninstalled; delivery stops", _key);
                    return;
                }

                using var changed = CancellationTokenSource.CreateLinkedTokenSource(lost.Token);
                Volatile.Write(ref _version, record.Version);
                _changed = changed;
                if (record.IsPaused)
                {
                    _paused = true;
                    await WaitAsync(changed.Token);
                    continue;
                }

                _paused = false;
                await DeliverAsync(record, changed.Token, shutdown);
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
                await store.ReleaseLeaseAsync(_key, lease.Token);
            }
            catch (RedisException)
            {
                // It expires by itself.
            }

            lease.Dispose();
        }
    }

    private async Task DeliverAsync(InstallationRecord record, CancellationToken stop, CancellationToken shutdown)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<SessionContext>().Start(record, lease);
        var session = scope.ServiceProvider.GetRequiredService<DeliverySession>();
        _session = session;
        logger.LogInformation("Installation {Installation}: delivering (settings version {Version}, lease epoch {Epoch})", _key, record.Version, lease.Epoch);
        try
        {
            await session.RunAsync(stop, shutdown.IsCancellationRequested ? TimeSpan.Zero : _options.ShutdownGrace);
        }
        finally
        {
            _lastReport = session.Report();
            _session = null;
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

    // A paused installation keeps telling the error that paused it.
    private ReportedStatus Status()
    {
        if (_session?.Report() is { } report)
        {
            return report;
        }

        var last = _lastReport;
        return new ReportedStatus(
            _paused ? InstallationState.Paused : InstallationState.Starting, 0, 0, last?.LastError ?? "", last?.LastErrorMilliseconds ?? 0, default);
    }

    // Renews the lease every LeaseRenewInterval; a settings change restarts the session; a lease
    // that is gone, or that ran out before a renewal was confirmed, stops everything.
    private async Task KeepLeaseAsync(CancellationTokenSource lost, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !lost.IsCancellationRequested)
        {
            var remaining = lease.Remaining;
            try
            {
                await Task.Delay(remaining < _options.LeaseRenewInterval ? remaining : _options.LeaseRenewInterval, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var sent = clock.GetTimestamp();
            try
            {
                var renewing = store.RenewLeaseAsync(_key, lease.Token, _options.LeaseLifetime, Status());
                var version = installations.GetVersionAsync(_key);
                if (!await renewing)
                {
                    logger.LogWarning("Installation {Installation}: lease lost; delivery stops here", _key);
                    lease.Lose();
                    return;
                }

                lease.Confirm(sent);
                var current = await version;
                if (current != Volatile.Read(ref _version) && _changed is { } changed)
                {
                    try
                    {
                        await changed.CancelAsync();
                    }
                    catch (ObjectDisposedException)
                    {
                        // That session has ended already; the next one loads the new settings.
                    }
                }
            }
            catch (Exception exception)
            {
                // Whatever went wrong, the lease is what matters: without a renewal in time, this
                // process must stop sending.
                if (exception is not (RedisException or RedisTimeoutException))
                {
                    logger.LogError(exception, "Installation {Installation}: keeping the lease failed", _key);
                }
            }

            if (!lease.IsValid)
            {
                logger.LogWarning("Installation {Installation}: lease not renewed within {Lifetime}; delivery stops here", _key, _options.LeaseLifetime);
                lease.Lose();
                return;
            }
        }
    }
}
