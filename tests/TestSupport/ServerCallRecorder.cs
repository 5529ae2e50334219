using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Deployteq.TestSupport;

// Installed in a service's host (ServiceFactory.WithInterceptor): what reached it, with which
// deadline and token, so a test can see what a calling service forwarded.
public sealed class ServerCallRecorder : Interceptor
{
    public ConcurrentQueue<RecordedServerCall> Calls { get; } = new();

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Calls.Enqueue(new RecordedServerCall(context.Method, context.Deadline, context.RequestHeaders.GetValue("authorization")));
        return continuation(request, context);
    }
}
