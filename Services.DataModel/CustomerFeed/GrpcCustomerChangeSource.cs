using System.Runtime.CompilerServices;
using Deployteq.Customers.V1;
using Deployteq.DataModel.Customers;
using Deployteq.ServiceDefaults.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.DataModel.CustomerFeed;

// Customers' WatchCustomerChanges and BatchGetCustomers over the feed's own client: no caller's
// call to propagate, no overall timeout on a stream that lasts, keep-alive pings so that a dead
// connection is noticed.
public sealed class GrpcCustomerChangeSource(GrpcClientFactory clients) : ICustomerChangeSource
{
    public const string ClientName = "customer-feed";

    private CustomersClient Client => clients.CreateClient<CustomersClient>(ClientName);

    // The brand is always named: the internal key needs it, a token of the brand accepts it.
    public async IAsyncEnumerable<CustomerFeedItem> WatchAsync(long brandId, string credential, FeedStart start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = start.AfterCursor is { } cursor
            ? new WatchCustomerChangesRequest { AfterCursor = cursor }
            : new WatchCustomerChangesRequest { FromOldest = new Empty() };
        request.BrandId = brandId;
        using var call = Client.WatchCustomerChanges(request, BearerToken.Header(credential), cancellationToken: cancellationToken);
        while (true)
        {
            bool next;
            try
            {
                next = await call.ResponseStream.MoveNext(cancellationToken);
            }
            catch (RpcException exception)
            {
                throw Map(exception);
            }

            if (!next)
            {
                yield break;
            }

            var item = call.ResponseStream.Current;
            yield return new CustomerFeedItem(item.Cursor, item.Change);
        }
    }

    public async Task<FeedLease> AcknowledgeAsync(long brandId, string credential, string follower, string cursor, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.AcknowledgeCustomerChangesAsync(
                new AcknowledgeCustomerChangesRequest { BrandId = brandId, Follower = follower, Cursor = cursor }, BearerToken.Header(credential),
                deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
            return new FeedLease(response.Lease.ToTimeSpan(), response.Current, response.Continued);
        }
        catch (RpcException exception)
        {
            throw Map(exception);
        }
    }

    public async Task<IReadOnlySet<long>> FindMissingAsync(string token, IReadOnlyList<long> customerIds, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Client.BatchGetCustomersAsync(
                new BatchGetCustomersRequest { CustomerIds = { customerIds }, ReadMask = CustomerExistence.IdsOnly }, BearerToken.Header(token),
                deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
            return response.MissingCustomerIds.ToHashSet();
        }
        catch (RpcException exception)
        {
            throw Map(exception);
        }
    }

    private static Exception Map(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.OutOfRange => new FeedOutOfRangeException(exception.Status.Detail),
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => new FeedAccessException(exception.Status.Detail),
        StatusCode.NotFound => new FeedBrandGoneException(exception.Status.Detail),
        _ => exception,
    };
}
