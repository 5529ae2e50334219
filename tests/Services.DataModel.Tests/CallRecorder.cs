using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Deployteq.DataModel.Tests;

// Installed in the Customers host: what reached Customers, with which deadline and token, so a
// test can see what DataModel forwarded.
public sealed class CallRecorder : Interceptor
{
    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Calls.Enqueue(new RecordedCall(context.Method, context.Deadline, context.RequestHeaders.GetValue("authorization")));
        return continuation(request, context);
    }
}

public sealed record RecordedCall(string Method, DateTime Deadline, string? Authorization);
