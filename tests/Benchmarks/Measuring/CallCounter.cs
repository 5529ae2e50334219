using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Deployteq.Benchmarks.Measuring;

// Installed in a service's host: how many calls of one method reached it.
public sealed class CallCounter(string method) : Interceptor
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method == method)
        {
            Interlocked.Increment(ref _calls);
        }

        return continuation(request, context);
    }
}
