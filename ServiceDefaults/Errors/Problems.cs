using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace Deployteq.ServiceDefaults.Errors;

// The statuses of DESIGN.md "Errors".
public static class Problems
{
    public static RpcException NotFound(string what) => new(new Status(StatusCode.NotFound, what));

    public static RpcException AlreadyExists(string what) => new(new Status(StatusCode.AlreadyExists, what));

    public static RpcException FailedPrecondition(string what) => new(new Status(StatusCode.FailedPrecondition, what));

    public static RpcException Unauthenticated(string what) => new(new Status(StatusCode.Unauthenticated, what));

    // A status whose google.rpc.BadRequest detail names the request fields it is about: every
    // INVALID_ARGUMENT, and a NOT_FOUND that points at the fields holding unknown ids.
    public static RpcException ForFields(Code code, string summary, IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        var list = violations.ToList();
        var status = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = summary + ": " + string.Join("; ", list.Select(v => $"{v.Field} {v.Description}")),
            Details = { Any.Pack(new BadRequest { FieldViolations = { list } }) },
        };
        return status.ToRpcException();
    }
}
