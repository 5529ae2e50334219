using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.Customers;

// Customers known to exist, per brand, trusted only while that brand's change feed is live: it
// has caught up (a progress item came), has not been silent for longer than the limit, and this
// service holds a follower lease with Customers (FeedAcknowledgement) that it took with the feed
// current, and renewed without a gap since. While the lease runs Customers acknowledges no delete
// of the brand before this service has applied it, so a customer known here has not been deleted
// as far as any caller can tell. A deleted id is remembered for good (ids are never reused), so
// an answer fetched before a delete can never be cached after it.
public sealed class CustomerCache(TimeProvider clock, IOptions<DataModelOptions> options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, BrandCustomers> _brands = new();

    // True when the answer can be trusted; exists says whether the customer exists.
    public bool TryGet(long brandId, long customerId, out bool exists)
    {
        exists = false;
        if (!_brands.TryGetValue(brandId, out var brand))
        {
            return false;
        }

        lock (brand)
        {
            if (brand.Deleted.Contains(customerId))
            {
                return true;
            }

            if (!IsLive(brand))
            {
                return false;
            }

            exists = brand.Known.Contains(customerId);
            return exists;
        }
    }

    public bool IsLive(long brandId) => _brands.TryGetValue(brandId, out var brand) && IsLive(brand);

    // An answer from Customers; kept only while the feed is live.
    public void Remember(long brandId, long customerId)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            if (IsLive(brand) && !brand.Deleted.Contains(customerId))
            {
                brand.Known.Add(customerId);
            }
        }
    }

    public void Created(long brandId, long customerId)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            Heard(brand);
            if (!brand.Deleted.Contains(customerId))
            {
                brand.Known.Add(customerId);
            }
        }
    }

    public void Deleted(long brandId, long customerId)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            Heard(brand);
            brand.Known.Remove(customerId);
            brand.Deleted.Add(customerId);
        }
    }

    // Any item of the feed; a progress item also says the feed has caught up.
    public void Heard(long brandId, bool caughtUp)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            Heard(brand);
            brand.CaughtUp |= caughtUp;
        }
    }

    // Customers' answer to an acknowledgement sent at `until` minus the lease: a lease taken with
    // the feed current, or renewed before the last one ran out, makes the cache trustworthy
    // until then.
    public void Leased(long brandId, DateTimeOffset until, bool current, bool continued)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            var held = brand.Leased && clock.GetUtcNow() <= brand.LeasedUntil;
            brand.Leased = current || (continued && held);
            brand.LeasedUntil = until;
        }
    }

    // An acknowledgement failed: Customers may no longer wait for this service's deletes.
    public void LeaseLost(long brandId)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            brand.Leased = false;
        }
    }

    // The feed ended: what was known may go stale from now on.
    public void Lost(long brandId)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            brand.CaughtUp = false;
            brand.Leased = false;
            brand.Known.Clear();
        }
    }

    private void Heard(BrandCustomers brand) => brand.LastHeard = clock.GetUtcNow();

    private bool IsLive(BrandCustomers brand)
    {
        var now = clock.GetUtcNow();
        return brand.CaughtUp && now - brand.LastHeard <= options.Value.FeedSilenceLimit && brand.Leased && now <= brand.LeasedUntil;
    }

    private BrandCustomers Brand(long brandId) => _brands.GetOrAdd(brandId, _ => new BrandCustomers());

    private sealed class BrandCustomers
    {
        public HashSet<long> Known { get; } = [];

        public HashSet<long> Deleted { get; } = [];

        public bool CaughtUp { get; set; }

        public DateTimeOffset LastHeard { get; set; }

        public bool Leased { get; set; }

        public DateTimeOffset LeasedUntil { get; set; }
    }
}
