using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Deployteq.TestSupport;

public static class GrpcStatusAssert
{
    public static async Task<RpcException> ThrowsAsync(StatusCode expected, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == exception.StatusCode,
            $"Expected {expected} but got {exception.StatusCode}: {exception.Status.Detail}");
        return exception;
    }

    // INVALID_ARGUMENT with a google.rpc.BadRequest naming at least these fields.
    public static async Task<RpcException> InvalidArgumentAsync(Func<Task> call, params string[] fields)
    {
        var exception = await ThrowsAsync(StatusCode.InvalidArgument, call);
        var badRequest = exception.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        var named = badRequest!.FieldViolations.Select(v => v.Field).ToHashSet();
        foreach (var field in fields)
        {
            Assert.True(named.Contains(field), $"'{field}' is not among the violations: {string.Join(", ", named)}");
        }

        return exception;
    }
}
