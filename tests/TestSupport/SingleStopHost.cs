using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Deployteq.TestSupport;

// The host a ServiceFactory hands to WebApplicationFactory. A service's own Program runs
// `app.Run()`, which stops the host itself once ApplicationStopping fires, then disposes it.
// WebApplicationFactory's dispose stops the same host as well, and Host.StopAsync has no guard:
// every hosted service was stopped twice at once, and one whose host the app had disposed
// meanwhile threw ObjectDisposedException (dotnet/aspnetcore#40271). Here the test asks the app
// to stop, as SIGTERM does in production, and waits for the app's own single stop to end; what
// its hosted services threw while stopping is thrown here, as WebApplicationFactory's did.
// Disposing is the same race: a second dispose of a host returns at once, while the first may
// still be disposing its services. So a dispose here returns once the app's services are disposed,
// whichever of the two disposed them.
public sealed class SingleStopHost(IHost host) : IHost, IAsyncDisposable
{
    // Longer than a host's own ShutdownTimeout, after which its stop gives up on slow services.
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(30);

    // Taken while the host runs: an app that stopped on its own has disposed its services since.
    private readonly IHostApplicationLifetime _lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
    private readonly HostStopLog _stopLog = host.Services.GetRequiredService<HostStopLog>();
    private readonly TimeSpan _patience = host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout + StopMargin;

    public IServiceProvider Services => host.Services;

    public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _lifetime.StopApplication();
        try
        {
            await _stopLog.Stopped.WaitAsync(_patience, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!_stopLog.Stopped.IsCompleted)
        {
            throw new TimeoutException($"The service had not stopped {_patience.TotalSeconds:0} s after it was asked to: does its Program still end in app.Run()?");
        }
    }

    // WebApplicationFactory disposes its host with this one, after StopAsync.
    public void Dispose()
    {
        host.Dispose();
        if (!_stopLog.Disposed.Wait(_patience))
        {
            throw NotDisposed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }

        try
        {
            await _stopLog.Disposed.WaitAsync(_patience).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw NotDisposed();
        }
    }

    private TimeoutException NotDisposed() =>
        new($"The service's host had not disposed its services {_patience.TotalSeconds:0} s after it was disposed.");
}
