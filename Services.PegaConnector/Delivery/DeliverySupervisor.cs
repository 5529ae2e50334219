using System.Collections.Concurrent;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Deployteq.PegaConnector.Delivery;

// Looks for installations that no process delivers and takes up those whose lease it gets; so
// installations spread over connector processes. One whose holder died is taken over within a
// lease lifetime plus a scan; one whose holder stopped, at once (the release is published).
public sealed class DeliverySupervisor(
    IInstallationStore installations,
    IDeliveryStore store,
    ConnectorInstance instance,
    IServiceProvider services,
    IOptions<PegaConnectorOptions> options,
    TimeProvider clock,
    ILogger<DeliverySupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<InstallationKey, Task> _running = new();
    private readonly AsyncSignal _released = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var listening = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!listening)
                    {
                        await store.OnLeaseReleasedAsync(_released.Set);
                        listening = true;
                    }

                    foreach (var key in await installations.ListAllAsync())
                    {
                        if (!_running.ContainsKey(key))
                        {
                            await TryStartAsync(key, settings.LeaseLifetime, stoppingToken);
                        }
                    }
                }
                catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
                {
                    logger.LogWarning("Looking for installations failed: Redis unreachable");
                }

                await _released.WaitAsync(settings.ScanInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(_running.Values);
        }
    }

    private async Task TryStartAsync(InstallationKey key, TimeSpan lifetime, CancellationToken stoppingToken)
    {
        var sent = clock.GetTimestamp();
        var epoch = await store.TryAcquireLeaseAsync(key, instance.Owner, lifetime);
        if (epoch == 0)
        {
            return;
        }

        var lease = new Lease(key, Lease.TokenOf(instance.Owner, epoch), epoch, sent, lifetime, clock);
        var runner = ActivatorUtilities.CreateInstance<InstallationRunner>(services, lease);
        var task = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Installation {Installation}: delivery stopped unexpectedly", key);
            }
        }, CancellationToken.None);
        _running[key] = task;
        _ = task.ContinueWith(_ => _running.TryRemove(key, out Task? _), TaskScheduler.Default);
    }
}
