using System.Net;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Deployteq.Customers.Tests;

// Customers on a real three-primary Redis Cluster, whatever REDIS_TOPOLOGY says (CI also runs the
// whole suite on one).
public sealed class CustomersClusterFixture() : CustomersFixture(RedisTopology.Cluster);

// What a cluster proves: every script on brands spread over every primary (strict key mode on, so
// a key that did not come through KEYS fails the script), each brand's keys in one slot, and what
// scans keys doing so on every primary.
public sealed class ClusterTests(CustomersClusterFixture fixture) : IClassFixture<CustomersClusterFixture>
{
    [Fact]
    public async Task The_service_takes_the_clusters_connection_string_as_it_is()
    {
        using var http = fixture.Factory.CreateClient();
        var redis = fixture.Factory.Services.GetRequiredService<IConnectionMultiplexer>();

        var health = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(RedisCluster.Primaries, redis.GetServers().Count(server => !server.IsReplica));
        Assert.Equal(ServerType.Cluster, redis.GetServers()[0].ServerType);
    }

    [Fact]
    public async Task Every_script_runs_on_brands_of_every_primary_and_a_brand_keeps_to_one_slot()
    {
        var brands = await BrandsOnEveryPrimaryAsync();

        foreach (var brand in brands)
        {
            await UseEveryScriptAsync(brand);

            var slots = new HashSet<int>();
            await foreach (var key in fixture.Redis.KeysAsync($"cust:{{b{brand.Id}}}:*"))
            {
                slots.Add(fixture.Redis.Connection.HashSlot(key));
            }

            Assert.Single(slots);
        }

        foreach (var brand in brands)
        {
            await fixture.AdminClient.DeleteBrandAsync(new DeleteBrandRequest { BrandId = brand.Id });
            Assert.Empty(await brand.SnapshotAsync());
        }
    }

    [Fact]
    public async Task The_change_retention_sweep_trims_the_feeds_of_brands_on_every_primary()
    {
        var brands = await BrandsOnEveryPrimaryAsync();
        foreach (var brand in brands)
        {
            await brand.CreateAsync($"sweep{brand.Id}@example.com");
        }

        fixture.Clock.Advance(new ChangeFeedOptions().Retention + TimeSpan.FromMinutes(1));
        await fixture.Factory.Services.GetRequiredService<IChangeFeedStore>().TrimExpiredAsync(CancellationToken.None);

        foreach (var brand in brands)
        {
            Assert.Equal(0, await fixture.Redis.Database.StreamLengthAsync(CustomersKeys.Changes(brand.Id)));
        }
    }

    // New brands until their keys fall on each of the cluster's primaries.
    private async Task<List<TestBrand>> BrandsOnEveryPrimaryAsync()
    {
        var brands = new List<TestBrand>();
        var primaries = new HashSet<EndPoint>();
        while (primaries.Count < RedisCluster.Primaries)
        {
            Assert.True(brands.Count < 60, "60 brands and still not on every primary.");
            var brand = await fixture.NewBrandAsync();
            if (primaries.Add(fixture.Redis.PrimaryOf(CustomersKeys.BrandRecord(brand.Id)).EndPoint))
            {
                brands.Add(brand);
            }
        }

        return brands;
    }

    private async Task UseEveryScriptAsync(TestBrand brand)
    {
        var jane = await brand.CreateAsync($"jane{brand.Id}@example.com", $"crm-{brand.Id}", new() { ["city"] = "Utrecht" });
        await brand.Customers.UpdateCustomerAsync(new UpdateCustomerRequest
        {
            Customer = new Customer { Id = jane.Id, EmailAddress = $"jane.doe{brand.Id}@example.com", Fields = { ["city"] = "Delft" } },
            UpdateMask = FieldMask.FromString("email_address,fields.city"),
        });
        Assert.Equal(jane.Id, (await brand.Customers.GetCustomerByEmailAddressAsync(
            new GetCustomerByEmailAddressRequest { EmailAddress = $"JANE.DOE{brand.Id}@example.com" })).Id);
        Assert.Equal(jane.Id, (await brand.Customers.GetCustomerByExternalIdAsync(
            new GetCustomerByExternalIdRequest { ExternalId = $"crm-{brand.Id}" })).Id);
        using (var import = brand.Customers.ImportCustomers())
        {
            await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"jane.doe{brand.Id}@example.com", Fields = { ["tier"] = "gold" } });
            await import.RequestStream.WriteAsync(new ImportCustomerRow { EmailAddress = $"imported{brand.Id}@example.com" });
            await import.RequestStream.CompleteAsync();
            Assert.Equal((1, 1), ((int)(await import).Created, (int)(await import).Updated));
        }

        var uuid = Guid.NewGuid().ToString();
        await brand.Mailability.RecordBounceAsync(new RecordBounceRequest { CustomerId = jane.Id, Type = BounceType.Soft, ActivityUuid = uuid });
        await brand.Mailability.RecordMailabilityEventsAsync(new RecordMailabilityEventsRequest
        {
            Events =
            {
                new MailabilityEventItem { CustomerId = jane.Id, Kind = MailabilityEventKind.SoftBounce, ActivityUuid = uuid },
                new MailabilityEventItem { CustomerId = jane.Id, Kind = MailabilityEventKind.Complaint },
            },
        });
        var got = await brand.Customers.BatchGetCustomersAsync(new BatchGetCustomersRequest { CustomerIds = { jane.Id, 999_999 } });
        Assert.Equal((1, 1), (got.Customers[0].Mailability.SoftBounceCount, got.Customers[0].Mailability.ComplaintCount));

        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "vip" });
        await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { jane.Id } });
        Assert.Single((await brand.Groups.ListCustomerGroupsAsync(new ListCustomerGroupsRequest { CustomerId = jane.Id })).Groups);
        var history = await brand.Customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = jane.Id });
        Assert.Equal(["created", "updated", "updated", "bounce", "complaint"], history.Entries.Select(entry => entry.Action));

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using (var watch = brand.Customers.WatchCustomerChanges(new WatchCustomerChangesRequest { FromOldest = new Empty() }, cancellationToken: deadline.Token))
        {
            var changes = 0;
            while (changes < 6 && await watch.ResponseStream.MoveNext(deadline.Token))
            {
                changes += watch.ResponseStream.Current.Change is null ? 0 : 1;
            }

            Assert.Equal(6, changes);
        }

        await brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = jane.Id });
        Assert.Empty((await brand.Groups.ListGroupMembersAsync(new ListGroupMembersRequest { GroupId = group.Id })).CustomerIds);
        await brand.Groups.DeleteGroupAsync(new DeleteGroupRequest { GroupId = group.Id });

        var user = await fixture.AdminClient.CreateApiUserAsync(new CreateApiUserRequest { BrandId = brand.Id, Name = "second" });
        var token = await fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = user.Id });
        await new Identity.IdentityClient(fixture.Invoker(token.Token)).WhoAmIAsync(new WhoAmIRequest { VerifyInStore = true });
        await fixture.AdminClient.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = token.Info.Id });
        await fixture.AdminClient.DeleteApiUserAsync(new DeleteApiUserRequest { BrandId = brand.Id, ApiUserId = user.Id });
    }
}
