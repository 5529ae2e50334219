using Deployteq.ServiceDefaults.Grpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Deployteq.ServiceDefaults.Errors;

// Turns what escapes a handler into the statuses of DESIGN.md "Errors": a call the client ended
// is CANCELLED, whatever the handler met on its way out (a write to a stream the client left
// fails with "Can't write the message because the request is complete"); Redis trouble is
// UNAVAILABLE (retryable); a request stream whose framing is broken is INVALID_ARGUMENT;
// anything else is a bug: INTERNAL, logged here with its stack, sent without details. A status
// thrown on purpose passes, its message cut to what a status may carry.
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception)
        {
            throw Map(exception, context);
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        if (exception is RpcException rpc)
        {
            return rpc.Status.Detail.Length <= Problems.MaxMessageLength
                ? rpc
                : new RpcException(new Status(rpc.StatusCode, Problems.Cap(rpc.Status.Detail)), rpc.Trailers);
        }

        if (IsCancelled(context))
        {
            // Normal: the client went away or its deadline passed. CallOutcomeMiddleware logs it at Debug.
            return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        switch (exception)
        {
            case RedisConnectionException or RedisTimeoutException:
                logger.LogWarning(exception, "Redis unreachable during {Method}", context.Method);
                return new RpcException(new Status(StatusCode.Unavailable, "Storage is unreachable; retry later."));
            case InvalidDataException { Source: "Grpc.AspNetCore.Server" }:
                // A client-stream message whose frame grpc-dotnet could not read (bad compression flag).
                return new RpcException(new Status(StatusCode.InvalidArgument, ReadableRequests.BrokenFraming));
            default:
                logger.LogError(exception, "Unhandled error in {Method}", context.Method);
                return new RpcException(new Status(StatusCode.Internal, "Internal error; it has been logged."));
        }
    }

    private static bool IsCancelled(ServerCallContext context) =>
        context.CancellationToken.IsCancellationRequested || context.GetHttpContext().RequestAborted.IsCancellationRequested;
}
