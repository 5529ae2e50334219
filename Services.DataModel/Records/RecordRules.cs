using Deployteq.DataModel.Model;
using Deployteq.DataModel.V1;
using Google.Rpc;

namespace Deployteq.DataModel.Records;

// Checks a record against its module: every value of a known field, of the field's type, within
// the type's limits; every required field present; a usable key. Paths are relative to the record.
public static class RecordRules
{
    public static (RecordWrite? Write, IReadOnlyList<RowFailure> Failures) Validate(ModuleDefinition module, Record record)
    {
        var failures = new List<RowFailure>();
        if (record.CustomerId <= 0)
        {
            failures.Add(Invalid("customer_id", "must be a positive customer id"));
        }

        if (record.Values.Count > Limits.MaxFieldsPerModule)
        {
            failures.Add(Invalid("values", $"has {record.Values.Count} entries; a module has at most {Limits.MaxFieldsPerModule} fields"));
            return (null, failures);
        }

        var encoded = new List<KeyValuePair<string, string>>(record.Values.Count);
        foreach (var (name, value) in record.Values)
        {
            var field = Limits.IsName(name) ? module.Field(name) : null;
            if (field is null)
            {
                failures.Add(Limits.IsName(name)
                    ? Invalid("values." + name, $"is not a field of module '{module.Name}'")
                    : Invalid("values", $"names {Limits.Quote(name)}, which is not a field of module '{module.Name}'"));
                continue;
            }

            if (CheckValue(field, value) is { } problem)
            {
                failures.Add(Invalid("values." + name, problem));
                continue;
            }

            encoded.Add(new(name, ValueCodec.Encode(value)));
        }

        foreach (var field in module.Fields.Where(field => field.Required && !record.Values.ContainsKey(field.Name)))
        {
            failures.Add(Invalid("values." + field.Name, "is required"));
        }

        var key = record.Values.TryGetValue(module.KeyField, out var keyValue) ? ValueCodec.KeyOf(keyValue) : "";
        if (key.Length > 0 && !Limits.IsKey(key))
        {
            failures.Add(Invalid("values." + module.KeyField,
                $"is the key field: its value must be 1 to {Limits.MaxKeyLength} characters of A-Z a-z 0-9 . _ - : @ + ~"));
        }

        if (record.Key.Length > 0 && record.Key != key)
        {
            failures.Add(Invalid("key", $"is set by the service from '{module.KeyField}'; leave it empty or give the same value"));
        }

        return failures.Count > 0 ? (null, failures) : (new RecordWrite(key, record.CustomerId, encoded), failures);
    }

    private static string? CheckValue(FieldSpec field, Value value)
    {
        var given = ValueCodec.TypeOf(value);
        if (given == FieldType.Unspecified)
        {
            return "has no value: set one of string_value, integer_value, decimal_value, boolean_value, date_time_value";
        }

        if (given != field.Type)
        {
            return $"must be {Describe(field.Type)}, not {Describe(given)}";
        }

        return value.KindCase switch
        {
            Value.KindOneofCase.StringValue when value.StringValue.Length > Limits.MaxStringValueLength =>
                $"must be at most {Limits.MaxStringValueLength} characters",
            Value.KindOneofCase.StringValue when !Limits.IsText(value.StringValue) =>
                "must not contain control characters other than tab, CR and LF",
            Value.KindOneofCase.DecimalValue when !Limits.IsDecimal(value.DecimalValue) =>
                $"must be a decimal like \"19.99\": -?digits[.digits], at most {Limits.MaxDecimalIntegerDigits} digits before the point and {Limits.MaxDecimalFractionDigits} after, not {Limits.Quote(value.DecimalValue)}",
            Value.KindOneofCase.DateTimeValue when !Limits.IsTimestamp(value.DateTimeValue) =>
                "must be a date-time between the years 0001 and 9999",
            _ => null,
        };
    }

    private static string Describe(FieldType type) => type switch
    {
        FieldType.String => "a string (string_value)",
        FieldType.Integer => "an integer (integer_value)",
        FieldType.Decimal => "a decimal (decimal_value)",
        FieldType.Boolean => "a boolean (boolean_value)",
        FieldType.DateTime => "a date-time (date_time_value)",
        _ => "unknown",
    };

    private static RowFailure Invalid(string field, string reason) => new(Code.InvalidArgument, field, reason);
}
