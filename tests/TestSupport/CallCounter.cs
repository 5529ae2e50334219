using System.Collections.Concurrent;

namespace Deployteq.TestSupport;

// Counts the HTTP requests one service sends another, by path (a gRPC method is
// `/<package>.<Service>/<Method>`), to check how many calls a piece of work costs.
public sealed class CallCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int this[string path] => _counts.GetValueOrDefault(path);

    public DelegatingHandler CreateHandler() => new CountingHandler(this);

    private void Count(string path) => _counts.AddOrUpdate(path, 1, (_, count) => count + 1);

    private sealed class CountingHandler(CallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Count(request.RequestUri?.AbsolutePath ?? "");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
