namespace Deployteq.Customers.Model;

public sealed record BrandRecord(long Id, long PortalId, string Name, string PortalName, DateTimeOffset Created);
