using Deployteq.Customers.Auth;
using Deployteq.Customers.Grpc;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Customers.Tests;

// Customers verifies a token in Redis once, keeps it while it hears the revocation feed, and
// serves that feed to the other services (Identity.WatchRevocations).
[Collection(CustomersCollection.Name)]
public sealed class TokenMemoryTests(CustomersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_kept_token_costs_no_redis_script_per_call()
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("kept@example.com");
        var before = await fixture.Redis.CommandCallsAsync("evalsha") + await fixture.Redis.CommandCallsAsync("eval");

        for (var i = 0; i < 20; i++)
        {
            await brand.Customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = customer.Id });
        }

        // A lookup by id is no script at all; only a token check would be one.
        Assert.Equal(before, await fixture.Redis.CommandCallsAsync("evalsha") + await fixture.Redis.CommandCallsAsync("eval"));
    }

    public enum Revocation
    {
        TokenRevoked,
        ApiUserDeleted,
        BrandRemoved,
    }

    [Theory]
    [InlineData(Revocation.TokenRevoked, "revoked")]
    [InlineData(Revocation.ApiUserDeleted, "deleted")]
    [InlineData(Revocation.BrandRemoved, "")]
    public async Task Another_instance_that_kept_the_token_refuses_it_soon_after_its_revocation(Revocation revocation, string reason)
    {
        await using var other = new ServiceFactory<CustomersService>(fixture.Redis.ConnectionString);
        using var channel = other.CreateChannel();
        var otherTokens = other.Services.GetRequiredService<TokenCache>();
        await Poll.UntilAsync(() => otherTokens.IsLive, "the second instance heard its revocation feed", Deadline);
        var brand = await fixture.NewBrandAsync();
        var onOther = new CustomersClient(channel.WithBearer(brand.Token));
        await onOther.ListCustomersAsync(new ListCustomersRequest());
        Assert.Equal(1, otherTokens.Count);

        await RevokeAsync(brand, revocation);

        var refusal = await Poll.UntilFoundAsync(async () =>
        {
            try
            {
                await onOther.ListCustomersAsync(new ListCustomersRequest());
                return null;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
            {
                return exception;
            }
        }, $"the other instance refused the token after {revocation}", Deadline, TimeSpan.FromMilliseconds(10));
        Assert.Contains(reason, refusal.Status.Detail);
    }

    [Fact]
    public async Task A_token_used_only_from_memory_still_has_its_use_recorded()
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync();
        await brand.Customers.ListCustomersAsync(new ListCustomersRequest());
        var firstUse = await LastUsedAsync(brand);

        // Two minutes on, the kept token is verified again in the background, which records the use.
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        var secondUse = fixture.Clock.GetUtcNow();
        await brand.Customers.ListCustomersAsync(new ListCustomersRequest());

        await Poll.UntilAsync(() => LastUsedAsync(brand), lastUsed => lastUsed >= secondUse.AddSeconds(-1), "the use was recorded", Deadline);
        Assert.True(await LastUsedAsync(brand) > firstUse);
    }

    // This instance forgets a connector read token it revoked before it answers, as it does for
    // the administrator's revocations; the pub/sub notice is for the other instances.
    [Fact]
    public async Task A_revoked_connector_read_token_is_refused_by_the_next_call_to_the_same_instance()
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync(Scopes.Pega);
        var tokens = new ConnectorTokens.ConnectorTokensClient(fixture.Invoker(brand.Token));
        for (var i = 0; i < 20; i++)
        {
            var created = await tokens.CreateReadTokenAsync(new CreateReadTokenRequest { Description = "revoked at once" });
            var identity = new Identity.IdentityClient(fixture.Invoker(created.Token));
            await identity.WhoAmIAsync(new WhoAmIRequest());

            await tokens.RevokeReadTokenAsync(new RevokeReadTokenRequest { TokenId = created.TokenId });

            await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => identity.WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        }
    }

    [Fact]
    public async Task The_revocation_feed_needs_the_internal_key()
    {
        var brand = await fixture.NewBrandAsync();
        foreach (var invoker in new[] { fixture.Channel.CreateCallInvoker(), fixture.Invoker("wrong"), fixture.Invoker(brand.Token), fixture.Invoker(ServiceFactory<CustomersService>.AdminKey) })
        {
            using var call = new Identity.IdentityClient(invoker).WatchRevocations(new WatchRevocationsRequest());
            using var deadline = new CancellationTokenSource(Deadline);
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(deadline.Token));
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    [Fact]
    public async Task The_revocation_feed_starts_with_a_heartbeat_then_names_each_revocation()
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync();
        var feed = new Identity.IdentityClient(fixture.Invoker(ServiceFactory<CustomersService>.InternalKey));
        using var deadline = new CancellationTokenSource(Deadline);
        using var call = feed.WatchRevocations(new WatchRevocationsRequest(), cancellationToken: deadline.Token);

        Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
        Assert.Equal(RevocationKind.Heartbeat, call.ResponseStream.Current.Kind);
        await fixture.AdminClient.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });
        await fixture.AdminClient.DeleteApiUserAsync(new DeleteApiUserRequest { BrandId = brand.Id, ApiUserId = brand.User.Id });
        await fixture.AdminClient.DeleteBrandAsync(new DeleteBrandRequest { BrandId = brand.Id });

        var notices = new List<RevocationNotice>();
        while (notices.Count < 3 && await call.ResponseStream.MoveNext(deadline.Token))
        {
            if (call.ResponseStream.Current.Kind != RevocationKind.Heartbeat)
            {
                notices.Add(call.ResponseStream.Current);
            }
        }

        Assert.Equal(
        [
            new RevocationNotice { Kind = RevocationKind.TokenRevoked, BrandId = brand.Id, TokenId = brand.TokenId },
            new RevocationNotice { Kind = RevocationKind.ApiUserDeleted, BrandId = brand.Id, ApiUserId = brand.User.Id },
            new RevocationNotice { Kind = RevocationKind.BrandRemoved, BrandId = brand.Id },
        ], notices);
    }

    [Fact]
    public async Task The_revocation_feed_keeps_the_order_of_a_burst_of_notices()
    {
        await fixture.WaitForTokenMemoryAsync();
        var feed = new Identity.IdentityClient(fixture.Invoker(ServiceFactory<CustomersService>.InternalKey));
        using var deadline = new CancellationTokenSource(Deadline);
        using var call = feed.WatchRevocations(new WatchRevocationsRequest(), cancellationToken: deadline.Token);
        Assert.True(await call.ResponseStream.MoveNext(deadline.Token));

        // A brand id no test creates, so no other test's notices mix in. Published in one
        // pipeline from the node that holds the brand's keys, where its revocation scripts run.
        const long brandId = 9_000_000_001;
        var sent = Enumerable.Range(1, 500).Select(tokenId => RevocationMessage.TokenRevoked(brandId, tokenId)).ToList();
        var brandNode = fixture.Redis.PrimaryOf(CustomersKeys.BrandRecord(brandId));
        await Task.WhenAll(sent.Select(notice =>
            brandNode.ExecuteAsync("PUBLISH", CustomersKeys.Revocations.ToString(), RevocationMessage.Format(notice))));

        var heard = new List<RevocationNotice>();
        while (heard.Count < sent.Count && await call.ResponseStream.MoveNext(deadline.Token))
        {
            if (call.ResponseStream.Current.BrandId == brandId)
            {
                heard.Add(call.ResponseStream.Current);
            }
        }

        Assert.Equal(sent, heard);
    }

    [Fact]
    public async Task The_revocation_feed_sends_heartbeats_while_nothing_happens()
    {
        var feed = new Identity.IdentityClient(fixture.Invoker(ServiceFactory<CustomersService>.InternalKey));
        using var deadline = new CancellationTokenSource(Deadline);
        using var call = feed.WatchRevocations(new WatchRevocationsRequest(), cancellationToken: deadline.Token);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(deadline.Token));
        }
    }

    [Fact]
    public async Task A_removed_brand_leaves_no_key_and_its_token_is_refused()
    {
        var brand = await fixture.NewBrandAsync();
        var kept = await fixture.NewBrandAsync();
        var customer = await brand.CreateAsync("gone@example.com", "crm-gone", new() { ["city"] = "Delft" });
        var group = await brand.Groups.CreateGroupAsync(new CreateGroupRequest { Name = "vip" });
        await brand.Groups.AddGroupMembersAsync(new GroupMembersRequest { GroupId = group.Id, CustomerIds = { customer.Id } });
        await kept.CreateAsync("stays@example.com");
        var keptBefore = await kept.SnapshotAsync();

        await fixture.AdminClient.DeleteBrandAsync(new DeleteBrandRequest { BrandId = brand.Id });

        Assert.Empty(await brand.SnapshotAsync());
        Assert.Equal(keptBefore, await kept.SnapshotAsync());
        var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => brand.CreateAsync("late@example.com"));
        Assert.DoesNotContain(brand.Token, error.Status.Detail);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.DeleteBrandAsync(new DeleteBrandRequest { BrandId = brand.Id }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.GetBrandAsync(new GetBrandRequest { BrandId = brand.Id }).ResponseAsync);
        await GrpcStatusAssert.InvalidArgumentAsync(() =>
            fixture.AdminClient.DeleteBrandAsync(new DeleteBrandRequest()).ResponseAsync, "brand_id");
    }

    private async Task RevokeAsync(TestBrand brand, Revocation revocation)
    {
        switch (revocation)
        {
            case Revocation.TokenRevoked:
                await fixture.AdminClient.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });
                break;
            case Revocation.ApiUserDeleted:
                await fixture.AdminClient.DeleteApiUserAsync(new DeleteApiUserRequest { BrandId = brand.Id, ApiUserId = brand.User.Id });
                break;
            case Revocation.BrandRemoved:
                await fixture.AdminClient.DeleteBrandAsync(new DeleteBrandRequest { BrandId = brand.Id });
                break;
        }
    }

    private async Task<DateTimeOffset> LastUsedAsync(TestBrand brand) =>
        (await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens.Single().LastUsedTime.ToDateTimeOffset();
}
