using System.Net.Mail;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.ServiceDefaults.Errors;

// Collects every violation of a request, then fails once with INVALID_ARGUMENT and a
// google.rpc.BadRequest that lists them, so a caller learns all that is wrong in one round trip.
// The checks below are the building blocks of every limit written in a proto comment: lengths
// (UTF-16 code units), counts, and the characters of identifiers and text (TextRules). A
// description never quotes the value it is about; a field path that holds a caller's value (a
// map key) quotes it through Problems.Quote.
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

    public RequestValidator Length(string value, int min, int max, string field) =>
        Check(value.Length >= min && value.Length <= max, field, $"must be {min} to {max} characters");

    // A list, map or stream part: at most max entries.
    public RequestValidator MaxCount(int count, int max, string field) =>
        Check(count <= max, field, $"may hold at most {max} entries");

    public RequestValidator Count(int count, int min, int max, string field) =>
        Check(count >= min && count <= max, field, min == max ? $"must hold {min} entries" : $"must hold {min} to {max} entries");

    // An identifier, optional: at most maxLength visible characters (TextRules.IsIdentifier).
    public RequestValidator Identifier(string value, int maxLength, string field)
    {
        if (value.Length > maxLength)
        {
            return Add(field, $"must be at most {maxLength} characters");
        }

        return Check(TextRules.IsIdentifier(value), field,
            "may hold only visible characters (letters, digits, punctuation, symbols, inner spaces): no control, format or invisible characters");
    }

    // A required identifier.
    public RequestValidator RequiredIdentifier(string value, int maxLength, string field) =>
        value.Length == 0 ? Add(field, "is required") : Identifier(value, maxLength, field);

    // A name a person gives and reads (a brand, a group, a subject): required, one line of text
    // (TextRules.IsText), no white space first or last.
    public RequestValidator Name(string value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        if (value.Length > maxLength)
        {
            return Add(field, $"must be at most {maxLength} characters");
        }

        return Check(TextRules.IsText(value) && value.Trim().Length == value.Length, field,
            "must be one line of text without control or invisible characters, and not start or end with white space");
    }

    // Free text, optional: at most maxLength characters of TextRules.IsText; tab and line
    // breaks only when multiline.
    public RequestValidator Text(string value, int maxLength, string field, bool multiline = false)
    {
        if (value.Length > maxLength)
        {
            return Add(field, $"must be at most {maxLength} characters");
        }

        return Check(TextRules.IsText(value, multiline), field, multiline
            ? "must be text without control characters (tab and line breaks aside) or invisible characters"
            : "must be one line of text without control or invisible characters");
    }

    // Optional: empty, or a UUID in its 36-character form.
    public RequestValidator Uuid(string value, string field) =>
        Check(value.Length == 0 || (value.Length == 36 && Guid.TryParseExact(value, "D", out _)), field,
            "must be empty or a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");

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

    // A page token of a list ordered by id (Paging.PageToken): the position it holds, 0 for none.
    public RequestValidator PageToken(string token, out long position, string field = "page_token") =>
        Check(Paging.PageToken.TryDecode(token, out position), field, "is not a page token of this list");

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

    // One address, no display name, a dotted domain, and nothing invisible: no white space, no
    // control or format characters (a zero-width space or a direction override would make two
    // addresses that look alike).
    public static bool IsEmailAddress(string value)
    {
        if (value.Length > MaxEmailAddressLength || value.Contains(' ') || !TextRules.IsIdentifier(value))
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
