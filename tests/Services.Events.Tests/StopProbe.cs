using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Deployteq.Events.Tests;

// A hosted service that notes each time the host stops or disposes it, and can fail its stop.
public sealed class StopProbe(Exception? stopFailure = null) : IHostedService, IDisposable
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _calls.Enqueue("stop");
        // The host goes on with its other services while this one stops, as a real one's would.
        await Task.Yield();
        if (stopFailure is not null)
        {
            throw stopFailure;
        }
    }

    public void Dispose() => _calls.Enqueue("dispose");
}
