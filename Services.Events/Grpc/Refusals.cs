using Deployteq.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.Events.Grpc;

// Refusals that stay small however much was wrong: at most EventLimits.MaxListedViolations
// fields, then one entry that says how many more there were.
public static class Refusals
{
    public static void ThrowIfInvalid(RequestValidator validator)
    {
        if (!validator.IsValid)
        {
            throw RequestValidator.ToException(Listed(validator.Violations));
        }
    }

    public static RpcException ForFields(Code code, string summary, IReadOnlyList<BadRequest.Types.FieldViolation> violations) =>
        Problems.ForFields(code, summary, Listed(violations));

    private static IEnumerable<BadRequest.Types.FieldViolation> Listed(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        const int max = EventLimits.MaxListedViolations;
        return violations.Count <= max
            ? violations
            : violations.Take(max).Append(new BadRequest.Types.FieldViolation
            {
                Field = violations[max].Field,
                Description = $"and {violations.Count - max} more problems are not listed",
            });
    }
}
