using Deployteq.DataModel.Customers;

namespace Deployteq.DataModel.CustomerFeed;

// Tells Customers, as this service applies a brand's feed, the last item it applied
// (AcknowledgeCustomerChanges): Customers then answers a customer's delete only once this service
// has applied it, and the customer cache trusts itself only while that lease runs (CustomerCache.
// Leased). One call at a time, with the newest cursor, so a busy feed costs no call per item; an
// acknowledgement goes only with an item applied, never on a timer, so a feed that stops stops
// the lease.
public sealed class FeedAcknowledgement(
    ICustomerChangeSource source, CustomerCache cache, TimeProvider clock, ILogger logger, long brandId, string credential) : IDisposable
{
    // Who follows, to Customers: this process, for as long as it runs.
    public static readonly string Follower = "datamodel-" + Guid.NewGuid().ToString("N");

    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private string? _applied;
    // Items applied and items acknowledged: a progress item renews the lease even when its cursor
    // is the one acknowledged before.
    private long _appliedCount;
    private long _sentCount;
    private bool _sending;

    public void Applied(string cursor)
    {
        lock (_gate)
        {
            _applied = cursor;
            _appliedCount++;
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        _ = Task.Run(SendAsync, CancellationToken.None);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task SendAsync()
    {
        while (true)
        {
            string cursor;
            long count;
            lock (_gate)
            {
                if (_appliedCount == _sentCount || _stop.IsCancellationRequested)
                {
                    _sending = false;
                    return;
                }

                cursor = _applied!;
                count = _appliedCount;
            }

            var sent = clock.GetUtcNow();
            try
            {
                var lease = await source.AcknowledgeAsync(brandId, credential, Follower, cursor, _stop.Token);
                // Counted from the sending, before Customers started it, less a fifth for the
                // clocks of Customers' instances, which decide its end.
                cache.Leased(brandId, sent + lease.Lease - lease.Lease / 5, lease.Current, lease.Continued);
            }
            catch (Exception exception) when (exception is not ObjectDisposedException)
            {
                // The lease may have run out: the cache asks Customers until an acknowledgement
                // that comes through says the feed is current again.
                cache.LeaseLost(brandId);
                logger.LogDebug("Brand {BrandId}: the feed could not be acknowledged ({Reason})", brandId, exception.Message);
            }

            lock (_gate)
            {
                _sentCount = count;
            }
        }
    }
}
