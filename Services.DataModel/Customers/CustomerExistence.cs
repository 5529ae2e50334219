using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.ClientFactory;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.DataModel.Customers;

// The client carries the caller's token and deadline by itself (AddCustomersClientForCaller in
// DataModelServiceExtensions).
public sealed class CustomerExistence(GrpcClientFactory clients, CustomerCache cache) : ICustomerExistence
{
    public const string ClientName = "customers-for-caller";
    public const int BatchSize = 1000;

    // Only whether each customer exists matters here: the answer stays small whatever the
    // customers' custom fields hold (a full one may be cut short, see unanswered_customer_ids).
    public static readonly FieldMask IdsOnly = new() { Paths = { "id" } };

    public async Task<IReadOnlySet<long>> FindMissingAsync(long brandId, IReadOnlyCollection<long> customerIds, CancellationToken cancellationToken)
    {
        var missing = new HashSet<long>();
        var ask = new List<long>();
        foreach (var id in customerIds.Distinct())
        {
            if (cache.TryGet(brandId, id, out var exists))
            {
                if (!exists)
                {
                    missing.Add(id);
                }
            }
            else
            {
                ask.Add(id);
            }
        }

        if (ask.Count == 0)
        {
            return missing;
        }

        var customers = clients.CreateClient<CustomersClient>(ClientName);
        foreach (var chunk in ask.Chunk(BatchSize))
        {
            var response = await CustomersFailure.CallAsync(
                () => customers.BatchGetCustomersAsync(
                    new BatchGetCustomersRequest { CustomerIds = { chunk }, ReadMask = IdsOnly }, cancellationToken: cancellationToken).ResponseAsync,
                "Checking records' customers", Scopes.Customers);

            missing.UnionWith(response.MissingCustomerIds);
            foreach (var customer in response.Customers)
            {
                cache.Remember(brandId, customer.Id);
            }
        }

        return missing;
    }
}
