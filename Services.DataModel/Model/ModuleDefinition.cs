namespace Deployteq.DataModel.Model;

// A module as stored: its fields, key field, and the version that every record write checks, so
// that a record validated against one definition is never stored under another.
public sealed record ModuleDefinition(
    string Name,
    IReadOnlyList<FieldSpec> Fields,
    string KeyField,
    long Version,
    long RecordCount,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime)
{
    public FieldSpec? Field(string name) => Fields.FirstOrDefault(field => field.Name == name);
}
