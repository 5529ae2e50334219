using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

// Once every node of a RedisClusterResource is healthy, joins them with
// `redis-cli --cluster create` (once a run: a node that restarts rejoins through its nodes.conf)
// and marks the cluster running; its health check then says when it is usable.
internal sealed class RedisClusterJoin(RedisClusterResource cluster, ResourceNotificationService notifications, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var node in cluster.Nodes)
            {
                await notifications.WaitForResourceHealthyAsync(node.Name, cancellationToken);
            }

            await notifications.PublishUpdateAsync(cluster, snapshot => snapshot with { State = KnownResourceStates.Starting });
            await CreateAsync(cancellationToken);
            await notifications.PublishUpdateAsync(cluster, snapshot => snapshot with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogError("{Message}", exception.Message);
            await notifications.PublishUpdateAsync(cluster, snapshot => snapshot with { State = KnownResourceStates.FailedToStart });
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The password travels in the environment, not on a command line others can read.
        start.Environment["REDISCLI_AUTH"] = await cluster.Password.GetValueAsync(cancellationToken);
        foreach (var argument in (string[])["--no-auth-warning", "--cluster", "create", .. cluster.Nodes.Select(node => $"127.0.0.1:{node.PrimaryEndpoint.Port}"),
            "--cluster-replicas", "0", "--cluster-yes"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}): {await output}{await error}");
        }

        logger.LogInformation("a cluster of {Count} primaries on ports {Ports}", cluster.Nodes.Count, string.Join(", ", cluster.Nodes.Select(node => node.PrimaryEndpoint.Port)));
    }
}
