using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Deployteq.Customers.Tests;

// Change positions follow the one clock rule of the stream kit (ServiceDefaults/Streams/stream.lua),
// as Events' activity positions do: the service's clock, or the feed's newest millisecond when
// that is later; never Redis's own clock.
[Collection(CustomersCollection.Name)]
public sealed class ChangeClockTests(CustomersFixture fixture)
{
    [Fact]
    public async Task A_change_behind_the_feeds_newest_position_takes_that_millisecond_and_not_the_redis_servers_clock()
    {
        var brand = await fixture.NewBrandAsync();
        // This instance's clock an hour behind Redis's; another instance, a minute ahead of it,
        // wrote the feed's newest change.
        var behind = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var newest = behind.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds();
        await fixture.Redis.Database.StreamAddAsync(CustomersKeys.Changes(brand.Id), "k", "c", messageId: $"{newest}-0");
        var store = new RedisCustomerStore(fixture.Redis.Connection, behind, Options.Create(new ChangeFeedOptions()));

        await store.CreateAsync(brand.Id, new NewCustomer("behind@example.com", "", new Dictionary<string, string>()), new Actor(1, "test"));

        var written = await fixture.Redis.Database.StreamRangeAsync(CustomersKeys.Changes(brand.Id), "-", "+", 1, Order.Descending);
        Assert.Equal($"{newest}-1", written[0].Id.ToString());
    }
}
