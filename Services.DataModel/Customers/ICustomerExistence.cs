namespace Deployteq.DataModel.Customers;

// Which customers exist in a brand, asked of Customers with the caller's token (forwarded by the
// client factory) and remembered while the brand's change feed keeps the answer right.
public interface ICustomerExistence
{
    // The ids among customerIds that name no customer of the brand: one call to Customers per
    // 1,000 ids that the cache cannot answer (CustomerCache says when it can: a read or a write of
    // a customer it knows costs no call).
    Task<IReadOnlySet<long>> FindMissingAsync(long brandId, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken);
}
