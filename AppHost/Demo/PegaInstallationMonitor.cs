using Aspire.Hosting.ApplicationModel;
using Deployteq.PegaConnector.V1;
using Grpc.Core;

namespace Deployteq.AppHost.Demo;

// Reads the demo installation from the connector once a second and publishes it as the state and
// properties of its resource.
public sealed class PegaInstallationMonitor(PegaInstallationResource resource, DemoClients clients, DemoState demo, ResourceNotificationService notifications)
{
    private static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ReadInterval);
        do
        {
            await PublishAsync(await ReadAsync(cancellationToken));
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task<Installation?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await clients.Installations.GetInstallationAsync(new GetInstallationRequest { InstallationId = demo.InstallationId },
                DemoClients.Bearer(demo.Token!), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                State = new ResourceStateSnapshot($"Unknown: pegaconnector answered {exception.StatusCode}", KnownResourceStateStyles.Warn),
            });
            return null;
        }
    }

    private Task PublishAsync(Installation? installation)
    {
        if (installation is null)
        {
            return Task.CompletedTask;
        }

        var state = installation.State switch
        {
            InstallationState.Running => new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
            InstallationState.Paused => new ResourceStateSnapshot($"Paused: {installation.PauseReason}", KnownResourceStateStyles.Warn),
            InstallationState.BreakerOpen => new ResourceStateSnapshot("Breaker open", KnownResourceStateStyles.Error),
            _ => new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
        };
        ResourcePropertySnapshot[] properties =
        [
            new ResourcePropertySnapshot("installation.id", installation.InstallationId),
            new ResourcePropertySnapshot("installation.endpoint", installation.EndpointUrl),
            new ResourcePropertySnapshot("lag.activities", installation.Lag?.Activities ?? 0),
            new ResourcePropertySnapshot("lag.seconds", installation.Lag?.Seconds ?? 0),
            new ResourcePropertySnapshot("delivered", installation.Counts?.Delivered ?? 0),
            new ResourcePropertySnapshot("retried", installation.Counts?.Retried ?? 0),
            new ResourcePropertySnapshot("failed", installation.Counts?.Failed ?? 0),
            new ResourcePropertySnapshot("dead_letters", installation.Counts?.Dead ?? 0),
            new ResourcePropertySnapshot("duplicates_avoided", installation.Counts?.DuplicatesAvoided ?? 0),
            new ResourcePropertySnapshot("last_error", installation.LastError?.Message ?? ""),
        ];
        return notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            State = state,
            Properties = snapshot.Properties.With([.. properties]),
        });
    }
}
