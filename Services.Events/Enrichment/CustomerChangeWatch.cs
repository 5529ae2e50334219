using System.Collections.Concurrent;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Events.Enrichment;

// Watches Customers' change feed (WatchCustomerChanges) of every brand whose customers this
// service keeps, so that a kept customer is dropped the moment it changes or is deleted. A watch
// runs with the token of a caller of that brand; it ends when that token dies (the next caller's
// token starts a new one) or when nobody of the brand has called for IdleAfter.
public sealed class CustomerChangeWatch(
    GrpcClientFactory clients, IMemoryCache cache, IOptions<EventsOptions> options, ILogger<CustomerChangeWatch> logger) : BackgroundService
{
    // The named client for the feed: no call-context propagation (the watch outlives the call
    // that started it) and no resilience handler, whose timeouts would cut the stream.
    public const string ClientName = "customer-changes";

    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<long, BrandChanges> _brands = new();

    // Cancelled when the service stops; never disposed, as it has no timer and the watches may
    // still look at it while they end.
    private readonly CancellationTokenSource _stopping = new();

    // The brand's kept customers, its watch started (with this caller's token) when none runs.
    public BrandChanges Follow(long brandId, string token)
    {
        var brand = _brands.GetOrAdd(brandId, id => new BrandChanges(id, cache));
        brand.Touch();
        lock (brand.WatchLock)
        {
            if ((brand.Watch is null || brand.Watch.IsCompleted) && !_stopping.IsCancellationRequested)
            {
                brand.Watch = Task.Run(() => WatchAsync(brand, token, _stopping.Token));
            }
        }

        return brand;
    }

    public bool IsLive(long brandId) =>
        _brands.TryGetValue(brandId, out var brand) && brand.IsLive(options.Value.CustomerFeedSilenceLimit, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }

    private async Task WatchAsync(BrandChanges brand, string token, CancellationToken stopping)
    {
        var customers = clients.CreateClient<CustomersClient>(ClientName);
        var reconnection = new FeedReconnection($"The change feed of brand {brand.BrandId}", FirstRetry, LastRetry, logger);
        await reconnection.RunAsync((session, cancellation) => FollowAsync(brand, customers, token, session, cancellation), brand.Lost, stopping);
    }

    // Returns when the watch ends, or goes idle (the last watch then).
    private async Task FollowAsync(BrandChanges brand, CustomersClient customers, string token, FeedSession session, CancellationToken stopping)
    {
        if (brand.IdleFor >= IdleAfter)
        {
            session.End();
            return;
        }

        try
        {
            using var call = customers.WatchCustomerChanges(
                new WatchCustomerChangesRequest { FromNow = new Empty() }, BearerToken.Header(token), cancellationToken: stopping);
            while (brand.IdleFor < IdleAfter)
            {
                // A watch that goes silent (no progress item) is given up and started anew.
                using var silence = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                silence.CancelAfter(options.Value.CustomerFeedSilenceLimit);
                if (!await call.ResponseStream.MoveNext(silence.Token))
                {
                    return;
                }

                if (!session.WasHeard)
                {
                    brand.StartSession();
                    session.Heard();
                }

                if (call.ResponseStream.Current.Change is { } change)
                {
                    brand.Changed(change.CustomerId);
                }
                else
                {
                    brand.Heard();
                }
            }

            session.End();
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            // This token can watch no more; a later caller's starts a new watch.
            session.End();
        }
    }
}
