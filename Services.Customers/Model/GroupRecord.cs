namespace Deployteq.Customers.Model;

public sealed record GroupRecord(long Id, string Name, long MemberCount, DateTimeOffset Created);
