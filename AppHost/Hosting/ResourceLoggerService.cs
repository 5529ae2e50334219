using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Deployteq.AppHost.Hosting;

// Each resource's console lines: written to the AppHost's console with the resource's name in
// front, and the last ones kept per resource for the dashboard, which can follow them live.
public sealed class ResourceLoggerService(ConsoleOutput console, int keptLines = ResourceLoggerService.DefaultKeptLines)
{
    public const int DefaultKeptLines = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<LogLine>> _kept = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _numbers = new(StringComparer.Ordinal);
    private readonly List<(string? Resource, Channel<LogLine> Channel)> _watchers = [];

    public ConsoleOutput Console => console;

    public void Write(string resource, string text, bool isError)
    {
        console.Line(resource, text);
        lock (_gate)
        {
            var number = _numbers[resource] = _numbers.GetValueOrDefault(resource) + 1;
            var line = new LogLine(resource, number, DateTimeOffset.UtcNow, text, isError);
            if (!_kept.TryGetValue(resource, out var kept))
            {
                _kept[resource] = kept = new Queue<LogLine>();
            }

            kept.Enqueue(line);
            while (kept.Count > keptLines)
            {
                kept.Dequeue();
            }

            foreach (var (filter, channel) in _watchers)
            {
                if (filter is null || filter == resource)
                {
                    channel.Writer.TryWrite(line);
                }
            }
        }
    }

    public IReadOnlyList<LogLine> Backlog(string resource)
    {
        lock (_gate)
        {
            return _kept.TryGetValue(resource, out var kept) ? kept.ToList() : [];
        }
    }

    // The kept lines, then each new one; every resource's when resource is null.
    public async IAsyncEnumerable<LogLine> WatchAsync(string? resource, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<LogLine>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            var backlog = resource is null ? _kept.Values.SelectMany(lines => lines).OrderBy(line => line.At) : _kept.GetValueOrDefault(resource)?.AsEnumerable() ?? [];
            foreach (var line in backlog)
            {
                channel.Writer.TryWrite(line);
            }

            _watchers.Add((resource, channel));
        }

        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.RemoveAll(watcher => watcher.Channel == channel);
            }
        }
    }
}
