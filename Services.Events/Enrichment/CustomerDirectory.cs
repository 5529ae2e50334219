using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Events.Enrichment;

// Asks Customers (with the caller's own token, as DESIGN.md wants) and keeps each answer a short
// while: a mailing's opens and clicks hit the same customers again and again. Answers are kept
// per token, so a token that may not read customers is refused every time, not only on a miss.
public sealed class CustomerDirectory(CustomersClient customers, IMemoryCache cache, IOptions<EventsOptions> options) : ICustomerDirectory
{
    // Calls to Customers in flight at once for one batch.
    private const int Parallelism = 16;

    public async Task<IReadOnlyDictionary<long, Customer?>> GetAsync(
        CallerIdentity caller, string token, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<long, Customer?>();
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

        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (id, ct) => found[id] = await FetchAsync(caller, token, id, ct));
        return found;
    }

    private async Task<Customer?> FetchAsync(CallerIdentity caller, string token, long customerId, CancellationToken cancellationToken)
    {
        try
        {
            var customer = await customers.GetCustomerAsync(
                new GetCustomerRequest { CustomerId = customerId }, BearerToken.Header(token), cancellationToken: cancellationToken);
            cache.Set(CacheKey(caller, customerId), customer, options.Value.CustomerCacheLifetime);
            return customer;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Not cached: the customer may be created a moment later.
            return null;
        }
        catch (RpcException exception)
        {
            throw CustomersFailure.Map(exception, Scopes.Customers);
        }
    }

    private static (string, long, long, long) CacheKey(CallerIdentity caller, long customerId) =>
        ("customer", caller.BrandId, caller.TokenId, customerId);
}
