using Deployteq.Customers.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Customers.Tests;

// A service that keeps customers by the change feed (DataModel) acknowledges what it has applied;
// while its lease runs, a delete is acknowledged to its caller only once the follower has applied
// it, so the follower never serves a customer whose delete a caller has seen succeed.
[Collection(CustomersCollection.Name)]
public sealed class FollowerLeaseTests(CustomersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private CustomersClient Internal => new(fixture.Invoker(ServiceFactory<Grpc.CustomersService>.InternalKey));

    [Fact]
    public async Task A_delete_is_acknowledged_only_once_every_follower_has_applied_it()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (brand, jane, watch, start) = await WatchNewBrandAsync(deadline.Token);
        using var _ = watch;

        var first = await AcknowledgeAsync(brand.Id, "follower-a", start.Cursor);
        var renewed = await AcknowledgeAsync(brand.Id, "follower-a", start.Cursor);
        var delete = brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = jane.Id }, cancellationToken: deadline.Token).ResponseAsync;
        var deleted = await NextChangeAsync(watch, deadline.Token);

        Assert.True(first.Current);
        Assert.False(first.Continued);
        Assert.True(renewed.Continued);
        Assert.Equal(TimeSpan.FromSeconds(5), first.Lease.ToTimeSpan());
        // Written and on the feed, but not yet applied by the follower: not acknowledged.
        Assert.Equal(CustomerChangeKind.Deleted, deleted.Change.Kind);
        Assert.False(delete.IsCompleted);
        var behind = await AcknowledgeAsync(brand.Id, "follower-a", start.Cursor);
        Assert.False(behind.Current);
        Assert.False(delete.IsCompleted);
        await AcknowledgeAsync(brand.Id, "follower-a", deleted.Cursor);
        await delete.WaitAsync(deadline.Token);
    }

    [Fact]
    public async Task A_follower_that_stops_acknowledging_holds_deletes_only_until_its_lease_runs_out()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var (brand, jane, watch, start) = await WatchNewBrandAsync(deadline.Token);
        using var _ = watch;
        await AcknowledgeAsync(brand.Id, "follower-b", start.Cursor);

        var delete = brand.Customers.DeleteCustomerAsync(new DeleteCustomerRequest { CustomerId = jane.Id }, cancellationToken: deadline.Token).ResponseAsync;
        var deleted = await NextChangeAsync(watch, deadline.Token);
        Assert.False(delete.IsCompleted);
        fixture.Clock.Advance(TimeSpan.FromSeconds(6));
        await delete.WaitAsync(deadline.Token);

        // Its lease ran out in between: it has to be current again before it may trust itself.
        var late = await AcknowledgeAsync(brand.Id, "follower-b", deleted.Cursor);
        Assert.False(late.Continued);
        Assert.True(late.Current);
    }

    [Fact]
    public async Task An_acknowledgement_names_a_follower_and_a_cursor_and_a_token_acknowledges_only_its_own_brand()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(
            () => Internal.AcknowledgeCustomerChangesAsync(new AcknowledgeCustomerChangesRequest { BrandId = brand.Id, Follower = "bad follower", Cursor = "1-0" }).ResponseAsync,
            "follower");
        await GrpcStatusAssert.InvalidArgumentAsync(
            () => Internal.AcknowledgeCustomerChangesAsync(new AcknowledgeCustomerChangesRequest { BrandId = brand.Id, Follower = "f", Cursor = "soon" }).ResponseAsync,
            "cursor");
        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () =>
            brand.Customers.AcknowledgeCustomerChangesAsync(new AcknowledgeCustomerChangesRequest { BrandId = other.Id, Follower = "f", Cursor = "1-0" }).ResponseAsync);
        var own = await brand.Customers.AcknowledgeCustomerChangesAsync(new AcknowledgeCustomerChangesRequest { Follower = "f", Cursor = "1-0" });
        Assert.True(own.Current);
    }

    // A new brand with one customer, and its feed watched with the internal key from now on.
    private async Task<(TestBrand Brand, Customer Jane, AsyncServerStreamingCall<WatchCustomerChangesResponse> Watch, WatchCustomerChangesResponse Start)>
        WatchNewBrandAsync(CancellationToken deadline)
    {
        var brand = await fixture.NewBrandAsync();
        var jane = await brand.CreateAsync("jane@example.com");
        var watch = Internal.WatchCustomerChanges(new WatchCustomerChangesRequest { FromNow = new Empty(), BrandId = brand.Id }, cancellationToken: deadline);
        return (brand, jane, watch, await NextAsync(watch, deadline));
    }

    private async Task<AcknowledgeCustomerChangesResponse> AcknowledgeAsync(long brandId, string follower, string cursor) =>
        await Internal.AcknowledgeCustomerChangesAsync(new AcknowledgeCustomerChangesRequest { BrandId = brandId, Follower = follower, Cursor = cursor });

    private static async Task<WatchCustomerChangesResponse> NextAsync(AsyncServerStreamingCall<WatchCustomerChangesResponse> watch, CancellationToken deadline)
    {
        Assert.True(await watch.ResponseStream.MoveNext(deadline), "The watch ended.");
        return watch.ResponseStream.Current;
    }

    private static async Task<WatchCustomerChangesResponse> NextChangeAsync(AsyncServerStreamingCall<WatchCustomerChangesResponse> watch, CancellationToken deadline)
    {
        while (true)
        {
            var item = await NextAsync(watch, deadline);
            if (item.Change is not null)
            {
                return item;
            }
        }
    }
}
