namespace Deployteq.DataModel.Model;

public sealed record HistoryRecord(DateTimeOffset Time, long ApiUserId, string ApiUserName, string Action, IReadOnlyList<string> ChangedFields);
