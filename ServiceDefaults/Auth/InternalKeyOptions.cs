namespace Deployteq.ServiceDefaults.Auth;

// The key the services of this solution present to each other's internal methods (Customers'
// revocation feed). Every service gets the same one from configuration (`Internal:Key`,
// environment `Internal__Key`); the AppHost makes a new one each run. No key: no internal calls,
// and a service that cannot watch revocations verifies every token with Customers.
public sealed class InternalKeyOptions
{
    public const string SectionName = "Internal";

    public string? Key { get; set; }
}
