using Grpc.Core;

namespace Deployteq.ServiceDefaults.Errors;

// The statuses of DESIGN.md "Errors" that carry no field list.
public static class Problems
{
    public static RpcException NotFound(string what) => new(new Status(StatusCode.NotFound, what));

    public static RpcException AlreadyExists(string what) => new(new Status(StatusCode.AlreadyExists, what));

    public static RpcException FailedPrecondition(string what) => new(new Status(StatusCode.FailedPrecondition, what));

    public static RpcException Unauthenticated(string what) => new(new Status(StatusCode.Unauthenticated, what));
}
