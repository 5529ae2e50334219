using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Deployteq.AppHost.Hosting;

// The latest snapshot of every resource, and a stream of every change, as Aspire's
// ResourceNotificationService: a watcher first gets the current snapshots, then each change.
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceSnapshot> _latest = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<Channel<ResourceSnapshot>> _watchers = [];

    // Raised in publication order, under the service's lock: keep handlers short.
    public event Action<ResourceSnapshot>? Published;

    public IReadOnlyList<ResourceSnapshot> Current
    {
        get
        {
            lock (_gate)
            {
                return _order.Select(name => _latest[name]).ToList();
            }
        }
    }

    public ResourceSnapshot Get(string name)
    {
        lock (_gate)
        {
            return _latest[name];
        }
    }

    public bool TryGet(string name, out ResourceSnapshot? snapshot)
    {
        lock (_gate)
        {
            return _latest.TryGetValue(name, out snapshot);
        }
    }

    public void Publish(ResourceSnapshot snapshot)
    {
        lock (_gate)
        {
            if (!_latest.ContainsKey(snapshot.Name))
            {
                _order.Add(snapshot.Name);
            }

            _latest[snapshot.Name] = snapshot;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(snapshot);
            }

            Published?.Invoke(snapshot);
        }
    }

    public async IAsyncEnumerable<ResourceSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceSnapshot>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var name in _order)
            {
                channel.Writer.TryWrite(_latest[name]);
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var snapshot in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return snapshot;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in WatchAsync(cancellationToken))
        {
            if (snapshot.Name == name && predicate(snapshot))
            {
                return snapshot;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }
}
