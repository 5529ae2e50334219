using Grpc.Core;

namespace Deployteq.ServiceDefaults.Calls;

// What a failed call to Customers, made for a caller, means for that caller (DESIGN.md "Errors"):
// the one table of every service that calls Customers.
// - UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND are about the caller's own token or ids: they
//   pass on, with Customers' message (which never contains the token).
// - Customers unreachable, too slow, overloaded, shutting down (CANCELLED when we did not cancel),
//   older than the call (UNIMPLEMENTED), failing (INTERNAL, UNKNOWN: its bug, or a transport or
//   resilience failure the client reports so) is UNAVAILABLE: retryable. A caller whose own
//   deadline passed, or who left, has its answer from the server already.
// - Anything else (INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION, OUT_OF_RANGE, DATA_LOSS)
//   is a request Customers refuses that this service should never have sent: a bug here, INTERNAL.
public static class CustomersFailure
{
    // A call to Customers whose failure reaches the caller as the table above says.
    public static async Task<T> CallAsync<T>(Func<Task<T>> call, string purpose, string? scope = null)
    {
        try
        {
            return await call();
        }
        catch (RpcException exception)
        {
            throw Map(exception, purpose, scope);
        }
    }

    // purpose: what the call was for, as the start of a sentence ("Emitting activities").
    // scope: the scope the caller's token needs for it, when the call needs one of its own.
    public static RpcException Map(RpcException exception, string purpose, string? scope = null) => exception.StatusCode switch
    {
        StatusCode.Unauthenticated or StatusCode.NotFound => new RpcException(new Status(exception.StatusCode, exception.Status.Detail)),
        StatusCode.PermissionDenied => new RpcException(new Status(StatusCode.PermissionDenied, scope is null
            ? $"{purpose} calls Customers with your token, which it refused: {exception.Status.Detail}"
            : $"{purpose} calls Customers with your token, which needs the '{scope}' scope too: {exception.Status.Detail}")),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.ResourceExhausted
            or StatusCode.Aborted or StatusCode.Unimplemented or StatusCode.Internal or StatusCode.Unknown =>
            new RpcException(new Status(StatusCode.Unavailable, $"{purpose} calls Customers, which is unreachable; retry later.")),
        _ => new RpcException(new Status(StatusCode.Internal, $"{purpose} calls Customers, which answered {exception.StatusCode}.")),
    };
}
