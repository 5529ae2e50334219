using System.Net.Mail;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.ServiceDefaults.Errors;

// Collects every violation of a request, then fails once with INVALID_ARGUMENT and a
// google.rpc.BadRequest that lists them, so a caller learns all that is wrong in one round trip.
public sealed class RequestValidator
{
    public const int MaxEmailAddressLength = 254;

    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations => _violations;

    public RequestValidator Add(string field, string description)
    {
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    public RequestValidator Check(bool valid, string field, string description) =>
        valid ? this : Add(field, description);

    public RequestValidator Positive(long value, string field) =>
        Check(value > 0, field, "must be a positive id");

    public RequestValidator Required(string value, string field) =>
        Check(!string.IsNullOrWhiteSpace(value), field, "is required");

    public RequestValidator MaxLength(string value, int max, string field) =>
        Check(value.Length <= max, field, $"must be at most {max} characters");

    public RequestValidator EmailAddress(string value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Add(field, "is required");
        }

        return Check(IsEmailAddress(value), field, "is not a valid e-mail address");
    }

    public RequestValidator PageSize(int value, int max, string field = "page_size") =>
        Check(value >= 0 && value <= max, field, $"must be between 0 and {max}");

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw ToException(_violations);
        }
    }

    public static RpcException ToException(IEnumerable<BadRequest.Types.FieldViolation> violations) =>
        Problems.ForFields(Code.InvalidArgument, "Invalid request", violations);

    public static RpcException Invalid(string field, string description) =>
        ToException([new BadRequest.Types.FieldViolation { Field = field, Description = description }]);

    // One address, no display name, a dotted domain, and no surrounding white space.
    public static bool IsEmailAddress(string value)
    {
        if (value.Length > MaxEmailAddressLength || value.Trim().Length != value.Length)
        {
            return false;
        }

        if (!MailAddress.TryCreate(value, out var address) || address.Address != value || !string.IsNullOrEmpty(address.DisplayName))
        {
            return false;
        }

        var host = address.Host;
        return host.Contains('.') && !host.StartsWith('.') && !host.EndsWith('.') && !host.Contains("..");
    }
}
