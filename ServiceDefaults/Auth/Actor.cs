namespace Deployteq.ServiceDefaults.Auth;

// Who makes a change: the API user behind the caller's token, recorded in the history of what
// the call changed (a customer, a record).
public sealed record Actor(long ApiUserId, string ApiUserName);
