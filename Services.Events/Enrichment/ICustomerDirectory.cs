using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;

namespace Deployteq.Events.Enrichment;

// Customers of the caller's brand, as Services.Customers knows them.
public interface ICustomerDirectory
{
    // Each id to its customer, or to null when the brand has no such customer.
    Task<IReadOnlyDictionary<long, Customer?>> GetAsync(CallerIdentity caller, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken);
}
