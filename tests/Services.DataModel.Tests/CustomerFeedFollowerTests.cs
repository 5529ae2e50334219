using Deployteq.Customers.V1;
using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Customers;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Deployteq.DataModel.Tests.ScriptedChangeSource;

namespace Deployteq.DataModel.Tests;

// The follower's own logic, against the real Redis layout the service wrote, with the feed
// scripted: what a delete, progress, a resume and OUT_OF_RANGE do to stored records, the
// checkpoint and the customer cache.
[Collection(DataModelCollection.Name)]
public sealed class CustomerFeedFollowerTests(DataModelFixture fixture)
{
    private readonly DataModelOptions _options = new() { CheckpointInterval = TimeSpan.Zero, FeedSilenceLimit = TimeSpan.FromMinutes(5) };

    private (CustomerFeedFollower Follower, RedisRecordStore Store, CustomerCache Cache) Create(ScriptedChangeSource source)
    {
        var store = new RedisRecordStore(fixture.Redis.Database.Multiplexer, TimeProvider.System);
        var cache = new CustomerCache(TimeProvider.System, Options.Create(_options));
        var follower = new CustomerFeedFollower(source, store, cache, TimeProvider.System, Options.Create(_options), NullLogger<CustomerFeedFollower>.Instance);
        return (follower, store, cache);
    }

    private async Task<(TestBrand Brand, long Jane, long John)> SeedAsync()
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateCustomerAsync();
        var john = await brand.CreateCustomerAsync();
        await brand.CreateOrdersAsync();
        await brand.Modules.CreateModuleFromTemplateAsync(new CreateModuleFromTemplateRequest { Template = ModuleTemplate.Products });
        await brand.UpsertOrderAsync(jane, "J-1", status: "paid");
        await brand.UpsertOrderAsync(jane, "J-2");
        await brand.UpsertOrderAsync(john, "X-1");
        await brand.Records.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = "products",
            Record = Fields.Row(jane, ("sku", Fields.S("P-1")), ("name", Fields.S("Shirt")), ("price", Fields.D("9.95")), ("currency", Fields.S("EUR"))),
        });
        return (brand, jane, john);
    }

    [Fact]
    public async Task A_delete_removes_the_customers_records_in_every_module_and_moves_the_checkpoint_past_it()
    {
        var (brand, jane, john) = await SeedAsync();
        await fixture.Redis.Database.StringSetAsync(DataModelKeys.FeedCheckpoint(brand.Id), "c-0");
        var source = new ScriptedChangeSource().Session(null, Change("c-1", jane, CustomerChangeKind.Deleted));
        var (follower, store, cache) = Create(source);

        await follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None);

        Assert.Equal("c-0", Assert.Single(source.Starts).AfterCursor);
        Assert.Equal("c-1", await store.GetCheckpointAsync(brand.Id));
        Assert.Null(await store.GetAsync(brand.Id, "orders", "J-1"));
        Assert.Null(await store.GetAsync(brand.Id, "products", "P-1"));
        Assert.NotNull(await store.GetAsync(brand.Id, "orders", "X-1"));
        Assert.Empty(await brand.KeysAsync("h:*:J-*"));
        Assert.Equal(1, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "orders" })).RecordCount);
        Assert.Equal(0, (await brand.Modules.GetModuleAsync(new GetModuleRequest { Module = "products" })).RecordCount);
        Assert.True(cache.TryGet(brand.Id, jane, out var exists) && !exists);
        Assert.Equal([john], await store.CustomersWithRecordsAsync(brand.Id, 0, 10));
    }

    [Fact]
    public async Task A_write_checked_before_the_delete_that_reaches_redis_after_it_is_refused()
    {
        var (brand, jane, _) = await SeedAsync();
        var (_, store, _) = Create(new ScriptedChangeSource());
        var module = await new RedisModuleStore(fixture.Redis.Database.Multiplexer, TimeProvider.System).GetAsync(brand.Id, "orders");

        await store.DeleteCustomerAsync(brand.Id, jane, "c-9");
        var late = await store.UpsertAsync(brand.Id, module!, [new RecordWrite("J-9", jane, [new("order_number", "s:J-9")])], new Actor(1, "late"));

        Assert.Equal(UpsertStatus.CustomerDeleted, Assert.Single(late).Status);
        Assert.Null(await store.GetAsync(brand.Id, "orders", "J-9"));
    }

    [Fact]
    public async Task Progress_and_changes_move_the_checkpoint_and_an_ended_feed_stops_the_cache_answering()
    {
        var (brand, jane, _) = await SeedAsync();
        await fixture.Redis.Database.StringSetAsync(DataModelKeys.FeedCheckpoint(brand.Id), "c-0");
        var source = new ScriptedChangeSource().Session(null,
            Change("c-1", 5000, CustomerChangeKind.Created), Progress("c-2"), Change("c-3", jane, CustomerChangeKind.Updated));
        var (follower, store, cache) = Create(source);

        await follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None);

        Assert.Equal("c-3", await store.GetCheckpointAsync(brand.Id));
        // The feed ended: the cache no longer answers for existing customers.
        Assert.False(cache.TryGet(brand.Id, 5000, out _));
        Assert.False(cache.IsLive(brand.Id));
    }

    [Fact]
    public async Task A_feed_that_goes_silent_is_given_up_so_that_it_can_be_reopened()
    {
        var (brand, _, _) = await SeedAsync();
        await fixture.Redis.Database.StringSetAsync(DataModelKeys.FeedCheckpoint(brand.Id), "c-0");
        _options.FeedSilenceLimit = TimeSpan.FromMilliseconds(100);
        var source = new ScriptedChangeSource().LiveSession(Progress("c-1"));
        var (follower, store, cache) = Create(source);

        await Assert.ThrowsAsync<TimeoutException>(() => follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("c-1", await store.GetCheckpointAsync(brand.Id));
        Assert.False(cache.IsLive(brand.Id));
    }

    [Fact]
    public async Task While_live_the_cache_answers_for_created_customers_and_never_for_deleted_ones()
    {
        var cache = new CustomerCache(TimeProvider.System, Options.Create(_options));

        Assert.False(cache.TryGet(1, 10, out _));
        cache.Created(1, 10);
        Assert.False(cache.TryGet(1, 10, out _));
        cache.Heard(1, caughtUp: true);
        Assert.False(cache.TryGet(1, 10, out _));
        cache.Leased(1, DateTimeOffset.UtcNow.AddMinutes(1), current: true, continued: false);
        Assert.True(cache.TryGet(1, 10, out var exists) && exists);
        cache.Deleted(1, 10);
        cache.Remember(1, 10);
        Assert.True(cache.TryGet(1, 10, out exists) && !exists);
        cache.Lost(1);
        Assert.True(cache.TryGet(1, 10, out exists) && !exists);
        cache.Remember(1, 11);
        Assert.False(cache.TryGet(1, 11, out _));
    }

    [Fact]
    public void The_cache_is_trusted_only_while_a_lease_taken_with_the_feed_current_runs_without_a_gap()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new CustomerCache(clock, Options.Create(_options));
        cache.Heard(1, caughtUp: true);
        cache.Created(1, 10);
        bool Trusted() => cache.TryGet(1, 10, out var exists) && exists;

        // A lease taken while behind the feed's newest change: not yet.
        cache.Leased(1, clock.GetUtcNow().AddSeconds(4), current: false, continued: false);
        Assert.False(Trusted());
        cache.Leased(1, clock.GetUtcNow().AddSeconds(4), current: true, continued: true);
        Assert.True(Trusted());
        // Renewed without a gap, behind or not: still.
        cache.Leased(1, clock.GetUtcNow().AddSeconds(4), current: false, continued: true);
        Assert.True(Trusted());
        // The lease runs out.
        clock.Advance(TimeSpan.FromSeconds(5));
        cache.Heard(1, caughtUp: true);
        Assert.False(Trusted());
        // Customers says it ran on, but here it had run out: a delete may have gone unwaited for.
        cache.Leased(1, clock.GetUtcNow().AddSeconds(4), current: false, continued: true);
        Assert.False(Trusted());
        cache.Leased(1, clock.GetUtcNow().AddSeconds(4), current: true, continued: false);
        Assert.True(Trusted());
        cache.LeaseLost(1);
        Assert.False(Trusted());
    }

    [Fact]
    public async Task Without_a_checkpoint_it_reconciles_every_customer_with_records_then_replays_from_the_oldest_change()
    {
        var (brand, jane, john) = await SeedAsync();
        var source = new ScriptedChangeSource().Session(null, Progress("c-7"));
        source.MissingCustomers.Add(jane);
        var (follower, store, _) = Create(source);

        await follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None);

        Assert.Null(Assert.Single(source.Starts).AfterCursor);
        Assert.Equal([jane, john], Assert.Single(source.ExistenceChecks).Order());
        Assert.Null(await store.GetAsync(brand.Id, "orders", "J-1"));
        Assert.NotNull(await store.GetAsync(brand.Id, "orders", "X-1"));
        Assert.Equal("c-7", await store.GetCheckpointAsync(brand.Id));
    }

    [Fact]
    public async Task A_checkpoint_out_of_range_leads_to_a_full_reconciliation_and_a_replay_from_the_oldest_change()
    {
        var (brand, jane, john) = await SeedAsync();
        await fixture.Redis.Database.StringSetAsync(DataModelKeys.FeedCheckpoint(brand.Id), "c-trimmed");
        var source = new ScriptedChangeSource()
            .Session(new FeedOutOfRangeException("trimmed"))
            .Session(null, Change("c-20", john, CustomerChangeKind.Deleted));
        source.MissingCustomers.Add(jane);
        var (follower, store, _) = Create(source);

        await follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None);

        Assert.Equal(["c-trimmed", null], source.Starts.Select(s => s.AfterCursor));
        Assert.Single(source.ExistenceChecks);
        Assert.Empty(await brand.KeysAsync("r:*"));
        Assert.Equal("c-20", await store.GetCheckpointAsync(brand.Id));
    }

    [Fact]
    public async Task With_the_internal_key_alone_a_due_reconciliation_asks_for_a_callers_token_and_deletes_nothing()
    {
        var (brand, jane, _) = await SeedAsync();
        await fixture.Redis.Database.StringSetAsync(DataModelKeys.FeedCheckpoint(brand.Id), "c-trimmed");
        var source = new ScriptedChangeSource().Session(new FeedOutOfRangeException("trimmed"));
        source.MissingCustomers.Add(jane);
        var (follower, store, cache) = Create(source);

        var refused = await Assert.ThrowsAsync<CallerTokenNeededException>(() =>
            follower.FollowAsync(brand.Id, new FeedCredentials(ServiceFactory<Deployteq.DataModel.Grpc.ModulesService>.InternalKey, null), CancellationToken.None));

        Assert.Null(refused.Refused);
        Assert.Empty(source.ExistenceChecks);
        Assert.NotNull(await store.GetAsync(brand.Id, "orders", "J-1"));
        Assert.False(cache.IsLive(brand.Id));
    }

    [Fact]
    public async Task A_brand_without_records_is_followed_from_the_oldest_change_with_the_internal_key_alone()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateOrdersAsync();
        var source = new ScriptedChangeSource().Session(null, Progress("c-3"));
        var (follower, store, _) = Create(source);

        await follower.FollowAsync(brand.Id, new FeedCredentials(ServiceFactory<Deployteq.DataModel.Grpc.ModulesService>.InternalKey, null), CancellationToken.None);

        Assert.Null(Assert.Single(source.Starts).AfterCursor);
        Assert.Equal(ServiceFactory<Deployteq.DataModel.Grpc.ModulesService>.InternalKey, Assert.Single(source.Credentials));
        Assert.Equal("c-3", await store.GetCheckpointAsync(brand.Id));
    }

    [Fact]
    public async Task A_refused_token_ends_the_follower_with_an_access_error_and_a_broken_feed_resumes_from_its_checkpoint()
    {
        var (brand, jane, _) = await SeedAsync();
        await fixture.Redis.Database.StringSetAsync(DataModelKeys.FeedCheckpoint(brand.Id), "c-0");
        var source = new ScriptedChangeSource()
            .Session(new RpcException(new Status(StatusCode.Unavailable, "gone")), Change("c-1", jane, CustomerChangeKind.Deleted), Change("c-2", 77, CustomerChangeKind.Created))
            .Session(new FeedAccessException("revoked"));
        var (follower, store, _) = Create(source);

        await Assert.ThrowsAsync<RpcException>(() => follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None));
        await Assert.ThrowsAsync<FeedAccessException>(() => follower.FollowAsync(brand.Id, new FeedCredentials(brand.Token, brand.Token), CancellationToken.None));

        // The second session started after the last cursor whose effect was stored.
        Assert.Equal(["c-0", "c-2"], source.Starts.Select(s => s.AfterCursor));
        Assert.Null(await store.GetAsync(brand.Id, "orders", "J-1"));
    }
}
