namespace Deployteq.DataModel.Model;

// Who makes a change: recorded in the record's history.
public sealed record Actor(long ApiUserId, string ApiUserName);
