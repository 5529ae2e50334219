using System.Text.RegularExpressions;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.Customers.Grpc;

// What a customer may hold (customers.proto, Limits). Field names double as update-mask paths
// (`fields.<name>`), so they carry no dots.
public static partial class CustomerRules
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex FieldName();

    public static bool IsFieldName(string name) => name.Length <= Limits.MaxFieldNameLength && FieldName().IsMatch(name);

    public static RequestValidator Fields(this RequestValidator validator, IReadOnlyDictionary<string, string> fields, string path = "fields")
    {
        validator.Check(fields.Count <= Limits.MaxCustomFields, path, $"may hold at most {Limits.MaxCustomFields} fields");
        foreach (var (name, value) in fields)
        {
            // The path quotes the name, which may be anything a caller sent: a prefix is enough.
            var field = $"{path}.{Problems.Quote(name)}";
            validator.Check(IsFieldName(name), field, $"is not a field name (letters, digits and _, at most {Limits.MaxFieldNameLength}, not starting with a digit)");
            validator.FieldValue(value, field);
        }

        return validator;
    }

    public static RequestValidator FieldValue(this RequestValidator validator, string value, string field) =>
        validator.Text(value, Limits.MaxFieldValueLength, field, multiline: true);

    public static RequestValidator ExternalId(this RequestValidator validator, string externalId, string field = "external_id") =>
        validator.Identifier(externalId, Limits.MaxExternalIdLength, field);
}
