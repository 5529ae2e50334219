using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Deployteq.Events.Tests;

// A hosted service that notes each time the host stops or disposes it, and can fail its stop.
public sealed class StopProbe(Exception? stopFailure = null) : IHostedService, IAsyncDisposable
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

    public async ValueTask DisposeAsync()
    {
        // A real service's dispose takes a while (a connection closes): long enough for a dispose
        // that does not wait for it to return first.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        _calls.Enqueue("dispose");
    }
}
