using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;

namespace Deployteq.Events.Enrichment;

// Looks up customers of the caller's brand by id, as Services.Customers knows them (to enrich
// activities with them); DataModel's CustomerExistence only asks whether they exist.
public interface ICustomerLookup
{
    // Each id to its customer, or to null when the brand has no such customer.
    Task<IReadOnlyDictionary<long, Customer?>> GetAsync(CallerIdentity caller, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken);
}
