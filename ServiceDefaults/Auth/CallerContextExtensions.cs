using Grpc.Core;

namespace Deployteq.ServiceDefaults.Auth;

public static class CallerContextExtensions
{
    internal const string CallerKey = "deployteq.caller";
    internal const string InternalCallKey = "deployteq.internal";

    // The authenticated caller; only on methods that require a brand token.
    public static CallerIdentity GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is CallerIdentity identity
            ? identity
            : throw new InvalidOperationException("This method is not marked as needing a brand token.");

    // True when a method marked AdmitInternalKey was called with the internal key: no caller, no
    // brand; the method takes the brand from its request.
    public static bool IsInternalCall(this ServerCallContext context) =>
        context.UserState.TryGetValue(InternalCallKey, out var flag) && flag is true;

    // The raw bearer token, to forward when this service calls another for the caller.
    public static string? GetBearerToken(this ServerCallContext context) => BearerToken.From(context.RequestHeaders);
}
