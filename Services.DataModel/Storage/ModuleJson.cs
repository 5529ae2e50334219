using System.Text.Json;
using System.Text.Json.Serialization;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Storage;

// A module definition's stored form (the `def` field of its hash).
public static class ModuleJson
{
    public static string Write(string keyField, IEnumerable<FieldSpec> fields) =>
        JsonSerializer.Serialize(new Stored(keyField, fields.Select(f => new StoredField(f.Name, (int)f.Type, f.Required)).ToList()));

    public static (string KeyField, IReadOnlyList<FieldSpec> Fields) Read(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new FormatException("Empty module definition.");
        return (stored.Key, stored.Fields.Select(f => new FieldSpec(f.Name, (FieldType)f.Type, f.Required)).ToList());
    }

    private sealed record Stored([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("fields")] List<StoredField> Fields);

    private sealed record StoredField(
        [property: JsonPropertyName("n")] string Name,
        [property: JsonPropertyName("t")] int Type,
        [property: JsonPropertyName("r")] bool Required);
}
