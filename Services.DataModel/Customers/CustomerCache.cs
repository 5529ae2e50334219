using Microsoft.Extensions.Options;

namespace Deployteq.DataModel.Customers;

// Customers known to exist, per brand, trusted only while that brand's change feed is live: it
// has caught up (a progress item came) and has not been silent for longer than the limit. A
// deleted id is remembered for good (ids are never reused), so an answer fetched before a delete
// can never be cached after it.
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

    // The feed ended: what was known may go stale from now on.
    public void Lost(long brandId)
    {
        var brand = Brand(brandId);
        lock (brand)
        {
            brand.CaughtUp = false;
            brand.Known.Clear();
        }
    }

    private void Heard(BrandCustomers brand) => brand.LastHeard = clock.GetUtcNow();

    private bool IsLive(BrandCustomers brand) =>
        brand.CaughtUp && clock.GetUtcNow() - brand.LastHeard <= options.Value.FeedSilenceLimit;

    private BrandCustomers Brand(long brandId) => _brands.GetOrAdd(brandId, _ => new BrandCustomers());

    private sealed class BrandCustomers
    {
        public HashSet<long> Known { get; } = [];

        public HashSet<long> Deleted { get; } = [];

        public bool CaughtUp { get; set; }

        public DateTimeOffset LastHeard { get; set; }
    }
}
