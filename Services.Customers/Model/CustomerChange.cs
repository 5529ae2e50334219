namespace Deployteq.Customers.Model;

// What an update mask asks for. Null means "leave as it is".
public sealed record CustomerChange(
    long CustomerId,
    string? EmailAddress,
    string? ExternalId,
    bool ReplaceAllFields,
    IReadOnlyDictionary<string, string> SetFields,
    IReadOnlyList<string> RemoveFields);
