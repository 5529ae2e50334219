using Deployteq.Customers.V1;

namespace Deployteq.TestSupport;

public sealed record ProvisionedBrand(Brand Brand, ApiUser User, string Token, long TokenId);
