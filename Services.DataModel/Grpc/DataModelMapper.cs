using Deployteq.DataModel.Model;
using Deployteq.DataModel.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.DataModel.Grpc;

public static class DataModelMapper
{
    public static Module ToProto(this ModuleDefinition module) => new()
    {
        Name = module.Name,
        KeyField = module.KeyField,
        Fields = { module.Fields.Select(field => new FieldDefinition { Name = field.Name, Type = field.Type, Required = field.Required }) },
        RecordCount = module.RecordCount,
        CreateTime = Timestamp.FromDateTimeOffset(module.CreateTime),
        UpdateTime = Timestamp.FromDateTimeOffset(module.UpdateTime),
    };

    public static Record ToProto(this StoredRecord record) => new()
    {
        Key = record.Key,
        CustomerId = record.CustomerId,
        Values = { record.Values.ToDictionary() },
        CreateTime = Timestamp.FromDateTimeOffset(record.CreateTime),
        UpdateTime = Timestamp.FromDateTimeOffset(record.UpdateTime),
    };

    public static HistoryEntry ToProto(this HistoryRecord entry) => new()
    {
        Time = Timestamp.FromDateTimeOffset(entry.Time),
        ApiUserId = entry.ApiUserId,
        ApiUserName = entry.ApiUserName,
        Action = entry.Action,
        ChangedFields = { entry.ChangedFields },
    };
}
