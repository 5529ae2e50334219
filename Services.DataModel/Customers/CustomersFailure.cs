using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;

namespace Deployteq.DataModel.Customers;

// What a failed call to Customers means for our caller (DESIGN.md "Errors"). Customers' own
// messages never contain the token, so they may be passed on.
public static class CustomersFailure
{
    public static RpcException Map(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.Unauthenticated => new RpcException(new Status(StatusCode.Unauthenticated, exception.Status.Detail)),
        StatusCode.PermissionDenied => new RpcException(new Status(
            StatusCode.PermissionDenied,
            $"Records are checked against Customers with your token, which needs the '{Scopes.Customers}' scope too: {exception.Status.Detail}")),
        StatusCode.Cancelled => new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled.")),
        StatusCode.DeadlineExceeded => new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed while asking Customers.")),
        // Unimplemented: a Customers older than BatchGetCustomers; retryable once it is upgraded.
        StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Unimplemented or StatusCode.Aborted =>
            new RpcException(new Status(StatusCode.Unavailable, "Customers is unreachable; retry later.")),
        // Anything else is a contract mismatch between the two services: a bug.
        _ => new RpcException(new Status(StatusCode.Internal, $"Customers answered {exception.StatusCode}.")),
    };
}
