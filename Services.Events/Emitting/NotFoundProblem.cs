using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.Events.Emitting;

// NOT_FOUND for ids the caller's brand does not have, naming the request fields that hold them
// in a google.rpc.BadRequest, as INVALID_ARGUMENT does.
public static class NotFoundProblem
{
    public static RpcException For(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.NotFound,
            Message = "Not found in your brand: " + string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}")),
            Details = { Any.Pack(new BadRequest { FieldViolations = { violations } }) },
        };
        return status.ToRpcException();
    }
}
