namespace Deployteq.Customers.Model;

public sealed record PortalRecord(long Id, string Name, DateTimeOffset Created);
