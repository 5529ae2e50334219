using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Model;

public sealed record FieldSpec(string Name, FieldType Type, bool Required);
