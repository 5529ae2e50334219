using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Events.Enrichment;

// Asks Customers for every customer of a call that is not kept, in one BatchGetCustomers call
// (the client forwards the caller's own token and deadline, as DESIGN.md wants), and keeps the
// answers: a mailing's opens and clicks hit the same customers again and again. Kept customers
// are right because Customers' change feed of the brand drops each the moment it changes
// (CustomerChangeWatch); without a heard feed nothing kept is used. Only a token with the
// customers scope is answered from memory: Customers would refuse any other.
public sealed class CustomerLookup(
    CustomersClient customers, CustomerChangeWatch changes, IHttpContextAccessor http, IOptions<EventsOptions> options) : ICustomerLookup
{
    // BatchGetCustomers' limit, which is also EmitBatch's: one call covers any call of ours.
    private const int MaxIdsPerCall = 1000;

    // What an activity takes from its customer (ActivityBuilder): without the custom fields a
    // thousand customers stay a small answer, never cut short (unanswered_customer_ids).
    private static readonly FieldMask Used = new() { Paths = { "id", "email_address", "external_id" } };

    public async Task<IReadOnlyDictionary<long, Customer?>> GetAsync(
        CallerIdentity caller, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken)
    {
        var silenceLimit = options.Value.CustomerFeedSilenceLimit;
        var token = http.HttpContext?.Features.Get<IServerCallContextFeature>()?.ServerCallContext.GetBearerToken();
        var brand = caller.HasScope(Scopes.Customers) && token is not null ? changes.Follow(caller.BrandId, token) : null;
        var found = new Dictionary<long, Customer?>();
        var missing = new List<long>();
        foreach (var id in customerIds.Distinct())
        {
            if (brand is not null && brand.TryGet(id, silenceLimit, out var kept))
            {
                found[id] = kept;
            }
            else
            {
                missing.Add(id);
            }
        }

        var generation = brand?.Generation ?? 0;
        // Customers answers what fits its answer and lists the rest as unanswered: ask again for those.
        var ask = new Queue<long[]>(missing.Chunk(MaxIdsPerCall));
        while (ask.TryDequeue(out var chunk))
        {
            var response = await CustomersFailure.CallAsync(
                () => customers.BatchGetCustomersAsync(
                    new BatchGetCustomersRequest { CustomerIds = { chunk }, ReadMask = Used }, cancellationToken: cancellationToken).ResponseAsync,
                "Emitting activities", Scopes.Customers);

            foreach (var customer in response.Customers)
            {
                brand?.Keep(customer, generation, silenceLimit, options.Value.CustomerCacheLifetime);
                found[customer.Id] = customer;
            }

            // Not kept: the customer may be created a moment later.
            foreach (var id in response.MissingCustomerIds)
            {
                found[id] = null;
            }

            if (response.UnansweredCustomerIds.Count > 0)
            {
                ask.Enqueue([.. response.UnansweredCustomerIds]);
            }
        }

        return found;
    }
}
