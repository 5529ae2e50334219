using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace Deployteq.DataModel.Tests;

// A record read while the brand's feed is live and acknowledged is answered from the customer
// cache, with no call to Customers; and still never for a customer whose delete Customers has
// acknowledged, since Customers waits for DataModel to apply it first.
[Collection(CustomerFeedCollection.Name)]
public sealed class SteadyStateReadTests(CustomerFeedFixture fixture)
{
    private const string BatchGet = "/deployteq.customers.v1.Customers/BatchGetCustomers";

    [Fact]
    public async Task Reads_of_known_customers_ask_customers_nothing_and_a_read_right_after_a_delete_is_not_found()
    {
        var brand = await fixture.NewBrandAsync();
        var customers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            customers.Add(await brand.CreateCustomerAsync());
        }

        // Each delete reaches this DataModel a while after Customers wrote it, as on a busy network.
        await using var host = fixture.StartDataModel(
            new Dictionary<string, string?> { ["DataModel:FeedEnabled"] = "true" },
            services => services.AddSingleton<ICustomerChangeSource>(provider => new HeldDeletesChangeSource(
                new GrpcCustomerChangeSource(provider.GetRequiredService<GrpcClientFactory>()), holdEach: TimeSpan.FromMilliseconds(300))));
        var records = new Deployteq.DataModel.V1.Records.RecordsClient(host.Channel.WithBearer(brand.Token));
        await new Modules.ModulesClient(host.Channel.WithBearer(brand.Token))
            .CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
        for (var i = 0; i < customers.Count; i++)
        {
            await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(customers[i], $"K-{i}") });
        }

        await Poll.UntilAsync(() => host.Services.GetRequiredService<CustomerCache>().IsLive(brand.Id), "the customer cache is live for the brand");
        // The first read of each may ask Customers (and the cache remembers the answer).
        await ReadAllAsync(records, customers.Count);
        var asked = BatchGets();

        await ReadAllAsync(records, customers.Count);
        await ReadAllAsync(records, customers.Count);

        Assert.Equal(asked, BatchGets());
        for (var i = 0; i < customers.Count; i++)
        {
            await brand.DeleteCustomerAsync(customers[i]);
            await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
                records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = $"K-{i}" }).ResponseAsync);
        }
    }

    [Fact]
    public async Task Reads_ask_customers_every_time_while_the_feed_cannot_be_acknowledged()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        UnacknowledgedChangeSource? source = null;
        await using var host = fixture.StartDataModel(
            new Dictionary<string, string?> { ["DataModel:FeedEnabled"] = "true" },
            services => services.AddSingleton<ICustomerChangeSource>(provider =>
                source = new UnacknowledgedChangeSource(new GrpcCustomerChangeSource(provider.GetRequiredService<GrpcClientFactory>()))));
        var records = new Deployteq.DataModel.V1.Records.RecordsClient(host.Channel.WithBearer(brand.Token));
        await new Modules.ModulesClient(host.Channel.WithBearer(brand.Token))
            .CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Orders });
        await records.UpsertRecordAsync(new UpsertRecordRequest { Module = "orders", Record = TestBrand.Order(jane, "J-1") });
        // The feed runs and has caught up (it tried to acknowledge a progress item).
        await Poll.UntilAsync(() => source!.Attempts > 0, "the change source was asked to open");
        var asked = BatchGets();

        for (var i = 0; i < 3; i++)
        {
            await records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "J-1" });
        }

        Assert.Equal(asked + 3, BatchGets());
        Assert.False(host.Services.GetRequiredService<CustomerCache>().IsLive(brand.Id));
        await brand.DeleteCustomerAsync(jane);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "J-1" }).ResponseAsync);
    }

    private int BatchGets() => fixture.CustomersCalls.Calls.Count(call => call.Method == BatchGet);

    private static async Task ReadAllAsync(Deployteq.DataModel.V1.Records.RecordsClient records, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await records.GetRecordAsync(new GetRecordRequest { Module = "orders", Key = $"K-{i}" });
        }
    }
}
