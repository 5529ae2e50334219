using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Deployteq.ServiceDefaults.Auth;

// Checks every call against the attribute on its service or method: an administrator key, the
// internal key, a brand token with a scope, or any brand token (and, on a method marked
// AdmitInternalKey, the internal key in its place). Closed by default: a method with none of them
// is refused, unless its service is one of OpenServices (health and reflection, which carry no
// data).
public sealed class AuthenticationInterceptor(
    IOptionsMonitor<AdminOptions> adminOptions, IOptionsMonitor<InternalKeyOptions> internalKeyOptions) : Interceptor
{
    public static readonly IReadOnlySet<string> OpenServices = new HashSet<string>(StringComparer.Ordinal)
    {
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var httpContext = context.GetHttpContext();
        var metadata = httpContext.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<RequireAdminKeyAttribute>() is not null)
        {
            RequireKey(context, adminOptions.CurrentValue.Key, "Administration is off: no Admin:Key is configured.", "administrator key");
            return;
        }

        if (metadata?.GetMetadata<RequireInternalKeyAttribute>() is not null)
        {
            RequireKey(context, internalKeyOptions.CurrentValue.Key, "Internal calls are off: no Internal:Key is configured.", "internal key");
            return;
        }

        var scope = metadata?.GetMetadata<RequireScopeAttribute>();
        if (scope is null && metadata?.GetMetadata<RequireAnyTokenAttribute>() is null)
        {
            if (IsOpen(context.Method))
            {
                return;
            }

            throw new RpcException(new Status(StatusCode.Unauthenticated,
                "This method names no way to authenticate, so it is closed; the service must mark it."));
        }

        var token = BearerToken.From(context.RequestHeaders)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "No token: send 'authorization: Bearer <token>'."));
        if (metadata?.GetMetadata<AdmitInternalKeyAttribute>() is not null && IsKey(token, internalKeyOptions.CurrentValue.Key))
        {
            context.UserState[CallerContextExtensions.InternalCallKey] = true;
            return;
        }

        var authenticator = httpContext.RequestServices.GetRequiredService<ITokenAuthenticator>();
        var caller = await authenticator.AuthenticateAsync(token, context.CancellationToken);
        if (scope is not null && !caller.HasScope(scope.Scope))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The token lacks the '{scope.Scope}' scope."));
        }

        context.UserState[CallerContextExtensions.CallerKey] = caller;
    }

    // context.Method is "/<package>.<service>/<method>".
    public static bool IsOpen(string method)
    {
        var slash = method.IndexOf('/', 1);
        return slash > 1 && OpenServices.Contains(method[1..slash]);
    }

    private static void RequireKey(ServerCallContext context, string? configured, string off, string name)
    {
        if (string.IsNullOrEmpty(configured))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, off));
        }

        var presented = BearerToken.From(context.RequestHeaders)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, $"No {name}: send 'authorization: Bearer <key>'."));
        if (!IsKey(presented, configured))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"The {name} is wrong."));
        }
    }

    // False when no key is configured. Hashing first gives equal lengths, so the comparison leaks
    // nothing through timing.
    private static bool IsKey(string presented, string? configured)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return false;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
