namespace Deployteq.Customers.Model;

// The secret exists only here, on its way to the caller; the store keeps its hash.
public sealed record CreatedToken(string Secret, TokenRecord Info);
