using Deployteq.DataModel.V1;

namespace Deployteq.DataModel.Model;

public sealed record StoredRecord(
    string Key,
    long CustomerId,
    IReadOnlyDictionary<string, Value> Values,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime);
