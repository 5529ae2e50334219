using Grpc.Core;
using Xunit;

namespace Deployteq.TestSupport;

// DESIGN.md "Errors" for a call to Customers made for a caller: what the caller gets for each
// status Customers answers (ServiceDefaults' CustomersFailure). Every service that calls
// Customers is tested against these rows.
public static class CustomersFailureTable
{
    public static TheoryData<StatusCode, StatusCode> Rows => new()
    {
        // The caller's own token or ids.
        { StatusCode.Unauthenticated, StatusCode.Unauthenticated },
        { StatusCode.PermissionDenied, StatusCode.PermissionDenied },
        { StatusCode.NotFound, StatusCode.NotFound },
        // Customers unreachable, too slow, overloaded, failing: retryable.
        { StatusCode.Unavailable, StatusCode.Unavailable },
        { StatusCode.DeadlineExceeded, StatusCode.Unavailable },
        { StatusCode.Cancelled, StatusCode.Unavailable },
        { StatusCode.ResourceExhausted, StatusCode.Unavailable },
        { StatusCode.Aborted, StatusCode.Unavailable },
        { StatusCode.Unimplemented, StatusCode.Unavailable },
        { StatusCode.Internal, StatusCode.Unavailable },
        { StatusCode.Unknown, StatusCode.Unavailable },
        // A request Customers refuses that the calling service should never have sent: its bug.
        { StatusCode.InvalidArgument, StatusCode.Internal },
        { StatusCode.AlreadyExists, StatusCode.Internal },
        { StatusCode.FailedPrecondition, StatusCode.Internal },
        { StatusCode.OutOfRange, StatusCode.Internal },
        { StatusCode.DataLoss, StatusCode.Internal },
    };
}
