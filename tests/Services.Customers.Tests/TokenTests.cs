using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Grpc.Core;
using CustomersClient = Deployteq.Customers.V1.Customers.CustomersClient;

namespace Deployteq.Customers.Tests;

[Collection(CustomersCollection.Name)]
public sealed class TokenTests(CustomersFixture fixture)
{
    [Fact]
    public async Task A_revoked_token_stops_working_at_once()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("before-revoke@example.com");

        await fixture.AdminClient.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });

        var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => brand.CreateAsync("after@example.com"));
        Assert.Contains("revoked", error.Status.Detail);
        var listed = await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id });
        Assert.True(Assert.Single(listed.Tokens).Revoked);
    }

    [Fact]
    public async Task A_deleted_token_stops_working_leaves_the_list_and_a_second_delete_is_not_found()
    {
        var brand = await fixture.NewBrandAsync();
        var other = await fixture.NewBrandAsync();
        await brand.CreateAsync("before-delete@example.com");

        // Another brand's token id is not this brand's: nothing happens to it.
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.DeleteTokenAsync(new DeleteTokenRequest { BrandId = brand.Id, TokenId = other.TokenId + 1000 }).ResponseAsync);
        await fixture.AdminClient.DeleteTokenAsync(new DeleteTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });

        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => brand.CreateAsync("after@example.com"));
        Assert.Empty((await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.DeleteTokenAsync(new DeleteTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.InvalidArgument, () =>
            fixture.AdminClient.DeleteTokenAsync(new DeleteTokenRequest { BrandId = brand.Id, TokenId = 0 }).ResponseAsync);
        await other.CreateAsync("other-brand-still-works@example.com");
    }

    [Fact]
    public async Task Deleting_the_api_user_kills_its_tokens()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.CreateAsync("ok@example.com");

        await fixture.AdminClient.DeleteApiUserAsync(new DeleteApiUserRequest { BrandId = brand.Id, ApiUserId = brand.User.Id });

        var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => brand.CreateAsync("after@example.com"));
        Assert.Contains("deleted", error.Status.Detail);
        var listed = await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id });
        Assert.True(Assert.Single(listed.Tokens).Expired);
    }

    [Fact]
    public async Task A_token_unused_for_sixty_days_expires_while_one_in_use_lives_on()
    {
        var idle = await fixture.NewBrandAsync();
        var busy = await fixture.NewBrandAsync();

        fixture.Clock.Advance(TimeSpan.FromDays(59));
        await busy.CreateAsync("still-used@example.com");
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => idle.CreateAsync("late@example.com"));
        Assert.Contains("60 days", error.Status.Detail);
        await busy.CreateAsync("busy-again@example.com");
        var listed = await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = idle.Id });
        Assert.True(Assert.Single(listed.Tokens).Expired);
    }

    [Fact]
    public async Task Calls_without_a_live_token_are_unauthenticated()
    {
        var brand = await fixture.NewBrandAsync();
        var request = new ListCustomersRequest();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => new CustomersClient(fixture.Channel).ListCustomersAsync(request).ResponseAsync);
        foreach (var bad in new[] { "nonsense", $"dtq_{brand.Id}_{brand.TokenId}_wrong-secret", $"dtq_{brand.Id}_999_x", brand.Token + "x" })
        {
            var error = await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () =>
                new CustomersClient(fixture.Invoker(bad)).ListCustomersAsync(request).ResponseAsync);
            Assert.DoesNotContain(bad, error.Status.Detail);
        }
    }

    [Fact]
    public async Task A_token_without_the_scope_is_permission_denied()
    {
        var brand = await fixture.NewBrandAsync(Scopes.EventsRead);

        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () => brand.CreateAsync("x@example.com"));
        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () =>
            brand.Mailability.GetMailabilityAsync(new CustomerRef { CustomerId = 1 }).ResponseAsync);
        var me = await new Identity.IdentityClient(fixture.Invoker(brand.Token)).WhoAmIAsync(new WhoAmIRequest());
        Assert.Equal(new[] { Scopes.EventsRead }, me.Scopes);
    }

    [Fact]
    public async Task WhoAmI_tells_brand_portal_and_user_of_a_token()
    {
        var brand = await fixture.NewBrandAsync();

        var me = await new Identity.IdentityClient(fixture.Invoker(brand.Token)).WhoAmIAsync(new WhoAmIRequest());

        Assert.Equal(brand.Id, me.BrandId);
        Assert.Equal("brand", me.BrandName);
        Assert.Equal(brand.Brand.PortalId, me.PortalId);
        Assert.Equal("portal", me.PortalName);
        Assert.Equal(brand.User.Id, me.ApiUserId);
        Assert.Equal(Scopes.All, me.Scopes);
    }

    [Fact]
    public async Task The_token_is_shown_once_and_only_its_hash_is_stored()
    {
        var brand = await fixture.NewBrandAsync();
        var secret = brand.Token.Split('_', 4)[3];

        var snapshot = await brand.SnapshotAsync();
        var listed = await fixture.AdminClient.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id });

        Assert.DoesNotContain(listed.Tokens, t => t.ToString().Contains(secret));
        foreach (var key in snapshot.Keys)
        {
            var type = await fixture.Redis.Database.KeyTypeAsync(key);
            if (type == StackExchange.Redis.RedisType.Hash)
            {
                var entries = await fixture.Redis.Database.HashGetAllAsync(key);
                Assert.DoesNotContain(entries, e => e.Value.ToString().Contains(secret));
            }
        }
    }

    [Fact]
    public async Task Admin_calls_need_the_administrator_key()
    {
        var request = new CreatePortalRequest { Name = "p" };

        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => new Admin.AdminClient(fixture.Channel).CreatePortalAsync(request).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => new Admin.AdminClient(fixture.Invoker("wrong")).CreatePortalAsync(request).ResponseAsync);
        var brand = await fixture.NewBrandAsync();
        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => new Admin.AdminClient(fixture.Invoker(brand.Token)).CreatePortalAsync(request).ResponseAsync);
    }

    [Fact]
    public async Task Admin_validates_ids_it_is_given()
    {
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.CreateBrandAsync(new CreateBrandRequest { PortalId = 987654, Name = "b" }).ResponseAsync);
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.CreateApiUserAsync(new CreateApiUserRequest { BrandId = 987654, Name = "u" }).ResponseAsync);
        var brand = await fixture.NewBrandAsync();
        await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () =>
            fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = 987654 }).ResponseAsync);
        await GrpcStatusAssert.InvalidArgumentAsync(() =>
            fixture.AdminClient.CreateTokenAsync(new CreateTokenRequest { BrandId = brand.Id, ApiUserId = brand.User.Id, Scopes = { "everything" } }).ResponseAsync,
            "scopes[0]");
        var got = await fixture.AdminClient.GetBrandAsync(new GetBrandRequest { BrandId = brand.Id });
        Assert.Equal(brand.Brand, got);
        var users = await fixture.AdminClient.ListApiUsersAsync(new ListApiUsersRequest { BrandId = brand.Id });
        Assert.Equal(brand.User, Assert.Single(users.ApiUsers));
    }
}
