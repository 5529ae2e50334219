using System.Collections.Concurrent;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Deployteq.TestSupport;

// Installed in a service's host (ServiceFactory.WithInterceptor): answers the unary calls of one
// method that carry one token with a chosen status, so that a test can see what a calling
// service makes of each status (every test scripts the token of a brand of its own).
public sealed class ScriptedStatuses : Interceptor
{
    private readonly ConcurrentDictionary<(string Method, string Token), StatusCode> _answers = new();

    // method: "/<package>.<Service>/<Method>".
    public void Answer(string method, string token, StatusCode status) => _answers[(method, token)] = status;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        BearerToken.From(context.RequestHeaders) is { } token && _answers.TryGetValue((context.Method, token), out var status)
            ? throw new RpcException(new Status(status, $"Scripted {status}."))
            : continuation(request, context);
}
