using Grpc.Core;

namespace Deployteq.Events.Enrichment;

// What a failed call to Customers means for our caller (DESIGN.md "Errors"). Customers' own
// messages never contain the token, so they may be passed on.
public static class CustomersFailure
{
    public static RpcException Map(RpcException exception, string scope) => exception.StatusCode switch
    {
        StatusCode.Unauthenticated => new RpcException(new Status(StatusCode.Unauthenticated, exception.Status.Detail)),
        StatusCode.PermissionDenied => new RpcException(new Status(
            StatusCode.PermissionDenied,
            $"Emitting activities calls Customers with your token, which needs the '{scope}' scope too: {exception.Status.Detail}")),
        // The customer went away between our lookup and this call.
        StatusCode.NotFound => new RpcException(new Status(StatusCode.NotFound, exception.Status.Detail)),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.ResourceExhausted =>
            new RpcException(new Status(StatusCode.Unavailable, "Customers is unreachable; retry later.")),
        // Anything else is a contract mismatch between the two services: a bug.
        _ => new RpcException(new Status(StatusCode.Internal, $"Customers answered {exception.StatusCode}.")),
    };
}
