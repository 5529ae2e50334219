namespace Deployteq.Customers.Model;

public sealed record TokenRecord(
    long Id,
    long BrandId,
    long ApiUserId,
    IReadOnlyList<string> Scopes,
    string Description,
    DateTimeOffset Created,
    DateTimeOffset LastUsed,
    bool Revoked,
    bool Expired);
