using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

// Aspire leaves a process that died stopped. This restarts every resource with a
// RestartPolicyAnnotation when it exits on its own, with the policy's backoff, through Aspire's
// own start command, so the dashboard shows it as any start (and a "restarts" property). A stop
// asked for (the dashboard's Stop goes through Stopping) is left alone, and so is everything once
// the AppHost is stopping: a Ctrl+C must not bring anything back.
internal sealed class RestartSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLoggers,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RestartSupervisor> logger) : BackgroundService
{
    public const string RestartsProperty = "restarts";

    private static readonly HashSet<string> ExitStates = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    private readonly Dictionary<string, SupervisedResource> _resources = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource.TryGetLastAnnotation<RestartPolicyAnnotation>(out var policy))
                {
                    Observe(update, policy, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(ResourceEvent update, RestartPolicyAnnotation policy, CancellationToken stoppingToken)
    {
        if (!_resources.TryGetValue(update.ResourceId, out var watched))
        {
            _resources[update.ResourceId] = watched = new SupervisedResource();
        }

        var state = update.Snapshot.State?.Text;
        var previous = watched.State;
        watched.State = state;
        if (state == previous || state is null)
        {
            return;
        }

        if (state == KnownResourceStates.Running)
        {
            watched.RunningSince = time.GetUtcNow();
        }
        else if (ExitStates.Contains(state) && previous != KnownResourceStates.Stopping && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            var upFor = previous == KnownResourceStates.Running ? time.GetUtcNow() - watched.RunningSince : TimeSpan.Zero;
            watched.LastDelay = policy.NextDelay(watched.LastDelay, upFor);
            _ = RestartAsync(update, watched, watched.LastDelay, stoppingToken);
        }
    }

    private async Task RestartAsync(ResourceEvent update, SupervisedResource watched, TimeSpan delay, CancellationToken stoppingToken)
    {
        var resourceLogger = resourceLoggers.GetLogger(update.ResourceId);
        var exit = update.Snapshot.ExitCode is { } code ? $"exit code {code}" : update.Snapshot.State?.Text;
        resourceLogger.LogWarning("exited unexpectedly ({Exit}); restarting in {Delay:0.#} s", exit, delay.TotalSeconds);
        logger.LogWarning("{Resource} exited unexpectedly ({Exit}); restarting in {Delay:0.#} s", update.ResourceId, exit, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            // Stopping, or started again meanwhile (the dashboard's Start): nothing to do.
            if (lifetime.ApplicationStopping.IsCancellationRequested || !ExitStates.Contains(watched.State ?? ""))
            {
                return;
            }

            watched.Restarts++;
            await notifications.PublishUpdateAsync(update.Resource, update.ResourceId,
                snapshot => snapshot with { Properties = snapshot.Properties.With(new ResourcePropertySnapshot(RestartsProperty, watched.Restarts)) });
            var result = await commands.ExecuteCommandAsync(update.ResourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                logger.LogWarning("{Resource} could not be restarted: {Error}", update.ResourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is InvalidOperationException or DistributedApplicationException)
        {
            // Never unobserved: the resource stays stopped, and the console says why.
            logger.LogError("{Resource} could not be restarted: {Error}", update.ResourceId, exception.Message);
        }
    }
}
