namespace Deployteq.Customers.Model;

public sealed record NewCustomer(string EmailAddress, string ExternalId, IReadOnlyDictionary<string, string> Fields);
