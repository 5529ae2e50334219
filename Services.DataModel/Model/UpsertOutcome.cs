namespace Deployteq.DataModel.Model;

public sealed record UpsertOutcome(UpsertStatus Status, DateTimeOffset CreateTime, DateTimeOffset UpdateTime);
