namespace Deployteq.Customers.Model;

public sealed record ImportRow(long Row, bool MatchByExternalId, string EmailAddress, string ExternalId, IReadOnlyDictionary<string, string> Fields);
