using System.Diagnostics;
using Deployteq.Customers.V1;
using Deployteq.Events.Enrichment;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Deployteq.Events.Tests;

// Its own Customers and Events, so that counted calls and a cut feed are this class's alone.
// Customers are kept long, so that an emit calls Customers for nothing but the token: what
// refuses a revoked token is Events' own memory, not Customers answering an enrichment call.
public sealed class TokenMemoryFixture : EventsFixture
{
    protected override IDictionary<string, string?> EventsSettings => new Dictionary<string, string?>
    {
        ["Events:CustomerCacheLifetime"] = "00:10:00",
    };
}

// Events verifies a caller's token with Customers once and keeps it, right only while Customers'
// revocation feed is heard (DESIGN.md "Tenancy and security").
public sealed class TokenMemoryTests(TokenMemoryFixture fixture, ITestOutputHelper output) : IClassFixture<TokenMemoryFixture>
{
    private static readonly TimeSpan RevocationDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Emits_verify_their_token_with_customers_once_not_per_call()
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("memory@example.com");
        var before = fixture.CustomersCalls[EventsFixture.WhoAmIPath];

        for (var i = 0; i < 10; i++)
        {
            await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        }

        Assert.Equal(1, fixture.CustomersCalls[EventsFixture.WhoAmIPath] - before);
    }

    public enum Revocation
    {
        TokenRevoked,
        ApiUserDeleted,
        BrandRemoved,
    }

    [Theory]
    [InlineData(Revocation.TokenRevoked)]
    [InlineData(Revocation.ApiUserDeleted)]
    [InlineData(Revocation.BrandRemoved)]
    public async Task A_kept_token_is_refused_soon_after_its_revocation_also_under_load(Revocation revocation)
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("victim@example.com");
        await KeepCustomerAsync(brand, customer.Id);
        // Load from another brand, whose tokens stay alive throughout.
        var busy = await fixture.NewBrandAsync();
        var busyCustomer = await busy.CreateCustomerAsync("busy@example.com");
        using var stopLoad = new CancellationTokenSource();
        var loadBatches = 0;
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var emitted = 0;
            while (!stopLoad.IsCancellationRequested)
            {
                await busy.Events.EmitBatchAsync(new EmitBatchRequest
                {
                    Activities = { Enumerable.Range(0, 20).Select(_ => Activities.Broadcast(busyCustomer.Id, TestBrand.NewBroadcastId())) },
                });
                emitted += 20;
                Interlocked.Increment(ref loadBatches);
            }

            return emitted;
        })).ToList();
        TimeSpan refusedAfter;
        try
        {
            // Under load, not merely started: as many batches through as the load has tasks.
            await Poll.UntilAsync(() => Volatile.Read(ref loadBatches) >= 4, "the load is under way", RevocationDeadline, TimeSpan.FromMilliseconds(20));
            var revoked = Stopwatch.StartNew();
            await RevokeAsync(brand, revocation);
            await Poll.UntilAsync(() => RefusedAsync(brand, customer.Id), $"Events refused the token after {revocation}", RevocationDeadline, TimeSpan.FromMilliseconds(10));
            refusedAfter = revoked.Elapsed;
        }
        finally
        {
            await stopLoad.CancelAsync();
        }

        var emittedMeanwhile = (await Task.WhenAll(load)).Sum();
        output.WriteLine($"{revocation}: refused by Events after {refusedAfter.TotalMilliseconds:F0} ms, {emittedMeanwhile} activities emitted by the load");
    }

    [Fact]
    public async Task When_the_feed_is_cut_kept_tokens_are_no_longer_trusted_within_seconds()
    {
        await fixture.WaitForTokenMemoryAsync();
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("cut@example.com");
        await KeepCustomerAsync(brand, customer.Id);
        // A second token of the brand: revoking it leaves the brand's change watch (which runs
        // with the first) alone, so only the token memory can refuse it.
        var sender = new TestBrand(fixture, brand.Brand, brand.User,
            await fixture.TokenAsync(brand, "events.emit", "customers", "mailability"), tokenId: 0);
        await sender.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        var tokens = fixture.Events.Services.GetRequiredService<TokenCache>();
        try
        {
            // A silent feed: no error, the heartbeats just stop coming. The revocation cannot
            // reach Events this way; only not trusting a silent feed refuses the token.
            fixture.RevocationFeedLink.Cut();
            var senderId = (await fixture.Admin.ListTokensAsync(new ListTokensRequest { BrandId = brand.Id })).Tokens.Max(token => token.Id);
            await fixture.Admin.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = senderId });

            await Poll.UntilAsync(() => !tokens.IsLive, "Events stopped trusting its token memory once the feed went silent", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20));

            await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated, () => sender.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId()));
            // Meanwhile every call is verified with Customers.
            var before = fixture.CustomersCalls[EventsFixture.WhoAmIPath];
            for (var i = 0; i < 3; i++)
            {
                await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
            }

            Assert.Equal(3, fixture.CustomersCalls[EventsFixture.WhoAmIPath] - before);
        }
        finally
        {
            fixture.RevocationFeedLink.Restore();
        }

        // Back on the feed, tokens are kept again.
        await fixture.WaitForTokenMemoryAsync();
        var calls = fixture.CustomersCalls[EventsFixture.WhoAmIPath];
        for (var i = 0; i < 3; i++)
        {
            await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
        }

        Assert.Equal(1, fixture.CustomersCalls[EventsFixture.WhoAmIPath] - calls);
    }

    // Emits until Events keeps the customer (its brand's change feed heard), so that an emit asks
    // Customers nothing: what refuses a revoked token then is Events' token memory alone.
    private async Task KeepCustomerAsync(TestBrand brand, long customerId)
    {
        var changes = fixture.Events.Services.GetRequiredService<CustomerChangeWatch>();
        await Poll.UntilAsync(async () =>
        {
            var calls = await fixture.CustomersCalls.DuringAsync(() => brand.BroadcastAsync(customerId, TestBrand.NewBroadcastId()));
            return changes.IsLive(brand.Id) && calls.Count == 0;
        }, "Events came to keep the customer", RevocationDeadline * 2, TimeSpan.FromMilliseconds(20));
    }

    private async Task RevokeAsync(TestBrand brand, Revocation revocation)
    {
        switch (revocation)
        {
            case Revocation.TokenRevoked:
                await fixture.Admin.RevokeTokenAsync(new RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });
                break;
            case Revocation.ApiUserDeleted:
                await fixture.Admin.DeleteApiUserAsync(new DeleteApiUserRequest { BrandId = brand.Id, ApiUserId = brand.User.Id });
                break;
            case Revocation.BrandRemoved:
                await fixture.Admin.DeleteBrandAsync(new DeleteBrandRequest { BrandId = brand.Id });
                break;
        }
    }

    // Emits once with the brand's token: whether Events refused it (UNAUTHENTICATED).
    private static async Task<bool> RefusedAsync(TestBrand brand, long customerId)
    {
        try
        {
            await brand.BroadcastAsync(customerId, TestBrand.NewBroadcastId());
            return false;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unauthenticated)
        {
            return true;
        }
    }
}
