using System.Collections.Concurrent;

namespace Deployteq.Events.Tests;

// The gRPC calls an HttpClient sends: method path and the headers that matter here.
public sealed class CallRecorder
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    public DelegatingHandler CreateHandler() => new Recording(this);

    // The calls made while `action` ran (tests of one collection run one at a time).
    public async Task<IReadOnlyList<RecordedCall>> DuringAsync(Func<Task> action)
    {
        var before = _calls.Count;
        await action();
        return Calls.Skip(before).ToList();
    }

    private sealed class Recording(CallRecorder recorder) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            recorder._calls.Enqueue(new RecordedCall(
                request.RequestUri!.AbsolutePath,
                request.Headers.TryGetValues("authorization", out var authorization) ? authorization.Single() : null,
                request.Headers.TryGetValues("grpc-timeout", out var timeout) ? timeout.Single() : null));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed record RecordedCall(string Path, string? Authorization, string? Timeout);
