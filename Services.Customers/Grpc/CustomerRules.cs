using System.Text.RegularExpressions;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.Customers.Grpc;

// What a customer may hold. Field names double as update-mask paths (`fields.<name>`), so they
// carry no dots.
public static partial class CustomerRules
{
    public const int MaxFields = 100;
    public const int MaxFieldValueLength = 4096;
    public const int MaxExternalIdLength = 255;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldName();

    public static bool IsFieldName(string name) => FieldName().IsMatch(name);

    public static RequestValidator Fields(this RequestValidator validator, IReadOnlyDictionary<string, string> fields, string path = "fields")
    {
        validator.Check(fields.Count <= MaxFields, path, $"may hold at most {MaxFields} fields");
        foreach (var (name, value) in fields)
        {
            validator.Check(IsFieldName(name), $"{path}.{name}", "is not a field name (letters, digits and _, at most 64, not starting with a digit)");
            validator.MaxLength(value, MaxFieldValueLength, $"{path}.{name}");
        }

        return validator;
    }

    public static RequestValidator ExternalId(this RequestValidator validator, string externalId, string field = "external_id") =>
        validator
            .MaxLength(externalId, MaxExternalIdLength, field)
            .Check(externalId.Trim().Length == externalId.Length, field, "must not start or end with white space");
}
