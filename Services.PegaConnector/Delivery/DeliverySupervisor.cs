using System.Collections.Concurrent;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Delivery;

// Looks for installations that no process delivers and takes up those whose lease it gets; so
// installations spread over connector processes, and one that dies is taken over within a lease
// lifetime plus a scan.
public sealed class DeliverySupervisor(
    IInstallationStore installations,
    IDeliveryStore store,
    ConnectorInstance instance,
    IServiceProvider services,
    PegaHttpClient http,
    ConnectorMetrics metrics,
    IOptions<PegaConnectorOptions> options,
    TimeProvider clock,
    ILogger<DeliverySupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<InstallationKey, Task> _running = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var key in await installations.ListAllAsync())
                    {
                        if (!_running.ContainsKey(key) && await store.TryAcquireLeaseAsync(key, instance.Owner, settings.LeaseLifetime))
                        {
                            Start(key, stoppingToken);
                        }
                    }
                }
                catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
                {
                    logger.LogWarning("Looking for installations failed: Redis unreachable");
                }

                await Task.Delay(settings.ScanInterval, clock, stoppingToken);
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

    private void Start(InstallationKey key, CancellationToken stoppingToken)
    {
        var runner = new InstallationRunner(
            key, instance, store, installations, services.GetRequiredService<EventsClient>(), http.Client, options.Value, metrics, clock,
            logger);
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
