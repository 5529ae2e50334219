using System.Runtime.InteropServices;

namespace Deployteq.AppHost.Hosting;

// Starts every resource once what it waits for is healthy, keeps them running until Ctrl+C
// (SIGINT) or SIGTERM, then stops them in reverse order so nothing is left behind.
public sealed class DistributedApplication(IReadOnlyList<Resource> resources, ConsoleOutput output)
{
    public IReadOnlyList<Resource> Resources => resources;

    public async Task<int> RunAsync(Action? onStarted = null)
    {
        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var exitCode = 0;
        try
        {
            foreach (var resource in resources)
            {
                await StartAsync(resource, stopping.Token);
            }

            PrintEndpoints();
            onStarted?.Invoke();
            output.Host("all resources are healthy; press Ctrl+C to stop");
            await WatchAsync(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            output.Host("start failed: " + exception.Message);
            exitCode = 1;
        }

        output.Host("stopping");
        foreach (var resource in resources.Reverse())
        {
            await resource.StopAsync();
        }

        return exitCode;

        void Stop(PosixSignalContext context)
        {
            // Keep the process alive: the resources must be stopped first.
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private async Task StartAsync(Resource resource, CancellationToken cancellationToken)
    {
        foreach (var dependency in resource.WaitsFor)
        {
            if (dependency.State != ResourceState.Healthy)
            {
                throw new InvalidOperationException($"{resource.Name} waits for {dependency.Name}, which is not healthy.");
            }
        }

        await resource.StartAsync(cancellationToken);
        output.Host($"{resource.Name} is healthy");
    }

    // A resource that dies is reported; the others keep running, as in Aspire.
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var pending = resources.ToDictionary(resource => resource.Exited, resource => resource);
        var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
        while (true)
        {
            var finished = await Task.WhenAny(pending.Keys.Append(stopped));
            if (finished == stopped)
            {
                await stopped;
            }

            output.Host($"{pending[finished].Name} exited unexpectedly");
            pending.Remove(finished);
        }
    }

    private void PrintEndpoints()
    {
        foreach (var resource in resources)
        {
            foreach (var (name, url) in resource.Endpoints)
            {
                output.Host($"endpoint {resource.Name} {name} {url}");
            }
        }
    }
}
