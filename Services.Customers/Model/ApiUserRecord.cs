namespace Deployteq.Customers.Model;

public sealed record ApiUserRecord(long Id, long BrandId, string Name, DateTimeOffset Created);
