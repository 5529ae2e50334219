using Deployteq.DataModel.Model;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.DataModel.Grpc;

// What a module definition must be, whoever sends it.
public static class ModuleRules
{
    public static RequestValidator Fields(this RequestValidator validator, IReadOnlyList<FieldDefinition> fields, string path, int alreadyDefined = 0)
    {
        if (fields.Count == 0)
        {
            validator.Add(path, "must name at least one field");
        }

        if (alreadyDefined + fields.Count > Limits.MaxFieldsPerModule)
        {
            validator.Add(path, $"would give the module {alreadyDefined + fields.Count} fields; at most {Limits.MaxFieldsPerModule} are allowed");
            return validator;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            validator.Field(fields[i], $"{path}[{i}]");
            if (fields[i].Name.Length > 0 && !seen.Add(fields[i].Name))
            {
                validator.Add($"{path}[{i}].name", $"repeats {Limits.Quote(fields[i].Name)}");
            }
        }

        return validator;
    }

    public static RequestValidator Field(this RequestValidator validator, FieldDefinition field, string path) =>
        validator
            .Name(field.Name, path + ".name")
            .Check(field.Type != FieldType.Unspecified && Enum.IsDefined(field.Type), path + ".type", "must be one of STRING, INTEGER, DECIMAL, BOOLEAN, DATE_TIME");

    public static FieldSpec ToSpec(this FieldDefinition field) => new(field.Name, field.Type, field.Required);

    public static bool CanBeKey(FieldType type) => type is FieldType.String or FieldType.Integer;
}
