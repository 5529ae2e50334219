using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Events.Enrichment;

// Asks Customers for every customer of a call that is not cached, in one BatchGetCustomers call
// (the client forwards the caller's own token and deadline, as DESIGN.md wants), and keeps each
// answer a short while: a mailing's opens and clicks hit the same customers again and again.
// Answers are kept per token, so a token that may not read customers is refused every time, not
// only on a miss.
public sealed class CustomerDirectory(CustomersClient customers, IMemoryCache cache, IOptions<EventsOptions> options) : ICustomerDirectory
{
    // BatchGetCustomers' limit, which is also EmitBatch's: one call covers any call of ours.
    private const int MaxIdsPerCall = 1000;

    public async Task<IReadOnlyDictionary<long, Customer?>> GetAsync(
        CallerIdentity caller, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, Customer?>();
        var missing = new List<long>();
        foreach (var id in customerIds.Distinct())
        {
            if (cache.TryGetValue(CacheKey(caller, id), out Customer? cached))
            {
                found[id] = cached;
            }
            else
            {
                missing.Add(id);
            }
        }

        foreach (var chunk in missing.Chunk(MaxIdsPerCall))
        {
            BatchGetCustomersResponse response;
            try
            {
                response = await customers.BatchGetCustomersAsync(
                    new BatchGetCustomersRequest { CustomerIds = { chunk } }, cancellationToken: cancellationToken);
            }
            catch (RpcException exception)
            {
                throw CustomersFailure.Map(exception, Scopes.Customers);
            }

            foreach (var customer in response.Customers)
            {
                cache.Set(CacheKey(caller, customer.Id), customer, options.Value.CustomerCacheLifetime);
                found[customer.Id] = customer;
            }

            // Not cached: the customer may be created a moment later.
            foreach (var id in response.MissingCustomerIds)
            {
                found[id] = null;
            }
        }

        return found;
    }

    private static (string, long, long, long) CacheKey(CallerIdentity caller, long customerId) =>
        ("customer", caller.BrandId, caller.TokenId, customerId);
}
