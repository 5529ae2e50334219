using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace Deployteq.ServiceDefaults.Errors;

// The statuses of DESIGN.md "Errors", and the one place that keeps them small: a status travels
// in HTTP/2 headers, and a client refuses headers past its limit (64 KB in .NET) with UNAVAILABLE,
// which tells it to retry a call that can never succeed. So a status message quotes at most a
// short prefix of any value, lists at most a few violations, and has a length cap.
public static class Problems
{
    // The longest prefix of a caller's value that a status message or a log line shows.
    public const int MaxQuotedLength = 64;

    // Entries of a status's google.rpc.BadRequest: at most this many, the last of them counting
    // what is not listed when there is more.
    public const int MaxListedViolations = 20;

    public const int MaxFieldPathLength = 2 * MaxQuotedLength;

    public const int MaxDescriptionLength = 256;

    public const int MaxMessageLength = 2048;

    public static RpcException NotFound(string what) => new(new Status(StatusCode.NotFound, Cap(what)));

    public static RpcException AlreadyExists(string what) => new(new Status(StatusCode.AlreadyExists, Cap(what)));

    public static RpcException FailedPrecondition(string what) => new(new Status(StatusCode.FailedPrecondition, Cap(what)));

    public static RpcException Unauthenticated(string what) => new(new Status(StatusCode.Unauthenticated, Cap(what)));

    // A caller's value as a message may show it: whole when short, else its first 64 characters
    // and an ellipsis.
    public static string Quote(string value) => Clip(value, MaxQuotedLength);

    // A message cut to the length a status may carry, or to max.
    public static string Cap(string message, int max = MaxMessageLength) => Clip(message, max);

    // A status whose google.rpc.BadRequest detail names the request fields it is about: every
    // INVALID_ARGUMENT, and a NOT_FOUND that points at the fields holding unknown ids.
    public static RpcException ForFields(Code code, string summary, IEnumerable<BadRequest.Types.FieldViolation> violations)
    {
        var listed = Listed(violations.ToList())
            .Select(v => new BadRequest.Types.FieldViolation
            {
                Field = Clip(v.Field, MaxFieldPathLength),
                Description = Clip(v.Description, MaxDescriptionLength),
            })
            .ToList();
        var message = summary + ": " + string.Join("; ", listed.Select(v => $"{v.Field} {v.Description}"));

        var status = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = Cap(message),
            Details = { Any.Pack(new BadRequest { FieldViolations = { listed } }) },
        };
        return status.ToRpcException();
    }

    // A client that reads only the detail learns there was more, and where the rest begins.
    private static IEnumerable<BadRequest.Types.FieldViolation> Listed(List<BadRequest.Types.FieldViolation> all)
    {
        if (all.Count <= MaxListedViolations)
        {
            return all;
        }

        const int shown = MaxListedViolations - 1;
        return all.Take(shown).Append(new BadRequest.Types.FieldViolation
        {
            Field = all[shown].Field,
            Description = $"and {all.Count - shown} more problems are not listed",
        });
    }

    private static string Clip(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        // Never split a surrogate pair: half of one is not text.
        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return string.Concat(value.AsSpan(0, cut), "…");
    }
}
