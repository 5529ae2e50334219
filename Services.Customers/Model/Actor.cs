namespace Deployteq.Customers.Model;

// Who makes a change: recorded in the customer's history.
public sealed record Actor(long ApiUserId, string ApiUserName);
