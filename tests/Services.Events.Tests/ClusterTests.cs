using System.Net;
using Deployteq.Events.Storage;
using Deployteq.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Deployteq.Events.Tests;

// Customers and Events on a real three-primary Redis Cluster, on a clock the tests move, whatever
// REDIS_TOPOLOGY says (CI also runs the whole suite on one).
public sealed class ClusterClockFixture() : EventsFixture(RedisTopology.Cluster)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    protected override TimeProvider EventsClock => Clock;

    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:Retention"] = Retention.ToString(),
        ["Events:RetentionSweepInterval"] = TimeSpan.FromMilliseconds(200).ToString(),
    };
}

public sealed class ClusterTests(ClusterClockFixture fixture) : IClassFixture<ClusterClockFixture>
{
    [Fact]
    public async Task The_retention_sweep_trims_the_streams_of_brands_on_every_primary()
    {
        var brands = new List<TestBrand>();
        var primaries = new HashSet<EndPoint>();
        while (primaries.Count < RedisCluster.Primaries)
        {
            Assert.True(brands.Count < 60, "60 brands and still not on every primary.");
            var brand = await fixture.NewBrandAsync();
            if (primaries.Add(fixture.Redis.PrimaryOf(EventsKeys.Stream(brand.Id)).EndPoint))
            {
                var customer = await brand.CreateCustomerAsync($"sweep{brand.Id}@example.com");
                await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
                brands.Add(brand);
            }
        }

        // Nothing is written after this: only the sweep can trim them.
        fixture.Clock.Advance(ClusterClockFixture.Retention + TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(async () =>
            {
                var unswept = new List<long>();
                foreach (var brand in brands)
                {
                    if (await brand.StreamLengthAsync() > 0)
                    {
                        unswept.Add(brand.Id);
                    }
                }

                return unswept;
            },
            unswept => unswept.Count == 0, "every brand's stream was swept (observed: the brands not swept yet)", TimeSpan.FromSeconds(20));
    }
}
