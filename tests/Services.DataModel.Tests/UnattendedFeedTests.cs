using Deployteq.Customers.V1;
using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;
using RecordsClient = Deployteq.DataModel.V1.Records.RecordsClient;

namespace Deployteq.DataModel.Tests;

// DataModel follows the change feed of every brand it holds data for with the internal key, from
// its start and from a brand's first module, whether anybody calls or not; the key it uses opens
// that feed in Customers and no customer's data. Real Redis, real Customers, real sockets.
[Collection(CustomerFeedCollection.Name)]
public sealed class UnattendedFeedTests(CustomerFeedFixture fixture)
{
    private static readonly Dictionary<string, string?> FeedOn = new() { ["DataModel:FeedEnabled"] = "true" };

    [Fact]
    public async Task A_datamodel_restarted_with_no_caller_at_all_applies_what_changed_in_customers_while_it_was_down()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await using (var first = fixture.StartDataModel(FeedOn))
        {
            var records = new RecordsClient(first.Channel.WithBearer(brand.Token));
            await new Modules.ModulesClient(first.Channel.WithBearer(brand.Token))
                .CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
            await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(jane, "J-1") });
            await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(john, "X-1") });
            await Poll.UntilAsync(async () => await Checkpoint(brand) is not null, "the feed wrote a checkpoint");
        }

        // While no DataModel runs: jane goes, mary comes.
        await brand.DeleteCustomerAsync(jane);
        var mary = await brand.CreateCustomerAsync();

        // Started, and never called.
        await using var second = fixture.StartDataModel(FeedOn);
        var cache = second.Services.GetRequiredService<CustomerCache>();

        await Poll.UntilAsync(() => brand.KeysAsync("r:orders:*"), keys => keys.Count == 1, "the deleted customer's order is gone");
        Assert.EndsWith(":X-1", Assert.Single(await brand.KeysAsync("r:orders:*")));
        Assert.Empty(await brand.KeysAsync($"cm:{jane}"));
        await Poll.UntilAsync(() => cache.TryGet(brand.Id, mary, out var exists) && exists, "the cache knows the new customer exists");
        Assert.True(cache.TryGet(brand.Id, jane, out var janeExists) && !janeExists);
    }

    [Fact]
    public async Task A_brand_given_its_first_module_after_the_start_is_followed_with_no_record_call()
    {
        // The shared DataModel started before this brand existed.
        var brand = await fixture.NewBrandAsync();
        var cache = fixture.DataModel.Services.GetRequiredService<CustomerCache>();
        Assert.False(cache.IsLive(brand.Id));

        await brand.CreateOrdersAsync();
        var mary = await brand.CreateCustomerAsync();

        await Poll.UntilAsync(() => cache.TryGet(brand.Id, mary, out var exists) && exists, "the cache knows the new customer exists");
        await brand.DeleteCustomerAsync(mary);
        await Poll.UntilAsync(() => cache.TryGet(brand.Id, mary, out var exists) && !exists, "the cache knows the customer is deleted");
    }

    [Fact]
    public async Task A_second_instance_follows_a_brand_that_the_first_gave_its_first_module_at_its_next_scan()
    {
        await using var second = fixture.StartDataModel(new Dictionary<string, string?>
        {
            ["DataModel:FeedEnabled"] = "true",
            ["DataModel:BrandScanInterval"] = "00:00:00.500",
        });
        var cache = second.Services.GetRequiredService<CustomerCache>();
        var brand = await fixture.NewBrandAsync();

        // Through the shared instance: the second hears of the brand only from Redis.
        await brand.CreateOrdersAsync();
        var mary = await brand.CreateCustomerAsync();

        await Poll.UntilAsync(() => cache.TryGet(brand.Id, mary, out var exists) && exists, "the cache knows the new customer exists");
    }

    [Fact]
    public async Task The_internal_key_datamodel_watches_with_opens_the_feed_in_customers_and_reads_no_customer()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var services = fixture.DataModel.Services;
        var key = services.GetRequiredService<IOptions<InternalKeyOptions>>().Value.Key!;
        // DataModel's own client for the feed, with DataModel's own key.
        var customers = services.GetRequiredService<GrpcClientFactory>().CreateClient<CustomersClient>(GrpcCustomerChangeSource.ClientName);
        var withKey = BearerToken.Header(key);

        foreach (var read in new Func<Task>[]
                 {
                     () => customers.BatchGetCustomersAsync(new BatchGetCustomersRequest { CustomerIds = { jane } }, withKey).ResponseAsync,
                     () => customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = jane }, withKey).ResponseAsync,
                     () => customers.ListCustomersAsync(new ListCustomersRequest(), withKey).ResponseAsync,
                     () => customers.ListCustomerHistoryAsync(new ListCustomerHistoryRequest { CustomerId = jane }, withKey).ResponseAsync,
                 })
        {
            await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, read);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = customers.WatchCustomerChanges(
            new WatchCustomerChangesRequest { FromOldest = new Empty(), BrandId = brand.Id }, withKey, cancellationToken: deadline.Token);
        do
        {
            Assert.True(await watch.ResponseStream.MoveNext(deadline.Token), "The watch ended.");
        }
        while (watch.ResponseStream.Current.Change is null);

        Assert.Equal((jane, CustomerChangeKind.Created), (watch.ResponseStream.Current.Change.CustomerId, watch.ResponseStream.Current.Change.Kind));
    }

    private async Task<string?> Checkpoint(TestBrand brand) =>
        await fixture.Redis.Database.StringGetAsync(DataModelKeys.FeedCheckpoint(brand.Id));
}
