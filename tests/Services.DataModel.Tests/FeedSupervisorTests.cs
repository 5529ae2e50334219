using Deployteq.Customers.V1;
using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Deployteq.DataModel.Tests.ScriptedChangeSource;

namespace Deployteq.DataModel.Tests;

// The service follows the feed of every brand with modules with the internal key, and after a
// restart resumes from the checkpoint it stored, with no call; a reconciliation (records but no
// checkpoint yet) waits for a caller's token. The feed is scripted here, to see exactly which
// cursor and credential each run starts with (CascadeTests and UnattendedFeedTests use Customers'
// real feed); the Redis, the hosts and the calls are real.
[Collection(DataModelCollection.Name)]
public sealed class FeedSupervisorTests(DataModelFixture fixture)
{
    private static readonly Dictionary<string, string?> FeedOn = new() { ["DataModel:FeedEnabled"] = "true" };

    [Fact]
    public async Task A_delete_while_datamodel_was_down_is_applied_from_the_stored_checkpoint_after_the_restart()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.UpsertOrderAsync(jane, "J-1");
        await brand.UpsertOrderAsync(john, "X-1");
        await brand.UpsertOrderAsync(john, "X-2");

        // First run: records but no checkpoint, so the brand's first record call lends its token to
        // reconcile; the feed, read with the internal key, then reports jane's delete.
        var first = new ScriptedChangeSource(brand.Id).LiveSession(Change("c-1", jane, CustomerChangeKind.Deleted));
        await brand.DeleteCustomerAsync(jane);
        await using (var host = fixture.StartDataModel(FeedOn, services => services.AddSingleton<ICustomerChangeSource>(first)))
        {
            await new Deployteq.DataModel.V1.Records.RecordsClient(Grpc(host, brand)).GetRecordAsync(new GetRecordRequest { Module = "orders", Key = "X-1" });
            await Poll.UntilAsync(() => Checkpoint(brand), checkpoint => checkpoint == "c-1", "the feed checkpoint reached c-1", TimeSpan.FromSeconds(30));
        }

        Assert.Empty(await brand.KeysAsync("r:orders:J-*"));
        Assert.Null(Assert.Single(first.Starts).AfterCursor);
        Assert.Equal(InternalKey, Assert.Single(first.Credentials));

        // Down: john is deleted. Second run, never called: resumes after c-1 and applies john's delete.
        await brand.DeleteCustomerAsync(john);
        var second = new ScriptedChangeSource(brand.Id).LiveSession(Change("c-2", john, CustomerChangeKind.Deleted), Progress("c-3"));
        await using (var host = fixture.StartDataModel(FeedOn, services => services.AddSingleton<ICustomerChangeSource>(second)))
        {
            await Poll.UntilAsync(() => Checkpoint(brand), checkpoint => checkpoint == "c-3", "the feed checkpoint reached c-3", TimeSpan.FromSeconds(30));
        }

        Assert.Equal("c-1", Assert.Single(second.Starts).AfterCursor);
        Assert.Equal(InternalKey, Assert.Single(second.Credentials));
        Assert.Empty(await brand.KeysAsync("r:orders:*"));
        Assert.Equal(0, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" })).RecordCount);
    }

    private const string InternalKey = ServiceFactory<Deployteq.DataModel.Grpc.ModulesService>.InternalKey;

    private Task<string?> Checkpoint(TestBrand brand) =>
        fixture.Redis.Database.StringGetAsync(DataModelKeys.FeedCheckpoint(brand.Id)).ContinueWith(t => (string?)t.Result);

    private static global::Grpc.Core.CallInvoker Grpc(DataModelHost host, TestBrand brand) => host.Channel.WithBearer(brand.Token);
}
