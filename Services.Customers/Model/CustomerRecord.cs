namespace Deployteq.Customers.Model;

public sealed record CustomerRecord(
    long Id,
    string EmailAddress,
    string ExternalId,
    IReadOnlyDictionary<string, string> Fields,
    MailabilityCounts Mailability,
    DateTimeOffset Created,
    DateTimeOffset Updated);
