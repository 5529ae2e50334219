using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Deployteq.Customers.Tests;

// The rules of the token memory itself, where a race decides: nothing is kept that a revocation
// could have overtaken, and nothing is trusted without a heard feed.
public sealed class TokenCacheTests
{
    private static readonly CallerIdentity Caller = new(7, "brand", 1, "portal", 3, "user", 11, [Scopes.Customers]);
    private static readonly TokenDigest Key = TokenDigest.Of("dtq_7_11_secret");

    [Fact]
    public void A_verification_that_a_revocation_overlapped_is_not_kept()
    {
        var cache = LiveCache(new FakeTimeProvider());

        var started = cache.Generation;
        cache.Apply(new RevocationNotice { Kind = RevocationKind.TokenRevoked, BrandId = 7, TokenId = 11 });
        cache.Add(Key, Caller, started);

        Assert.False(cache.TryGet(Key, out _, out _));
    }

    [Fact]
    public void A_notice_drops_the_tokens_it_names_and_only_those()
    {
        var cache = LiveCache(new FakeTimeProvider());
        var otherKey = TokenDigest.Of("dtq_8_12_secret");
        cache.Add(Key, Caller, cache.Generation);
        cache.Add(otherKey, Caller with { BrandId = 8, TokenId = 12 }, cache.Generation);

        cache.Apply(new RevocationNotice { Kind = RevocationKind.ApiUserDeleted, BrandId = 7, ApiUserId = 3 });

        Assert.False(cache.TryGet(Key, out _, out _));
        Assert.True(cache.TryGet(otherKey, out var other, out _));
        Assert.Equal(8, other.BrandId);
    }

    [Fact]
    public void Nothing_is_kept_or_trusted_without_a_feed()
    {
        var cache = new TokenCache(new FakeTimeProvider());

        cache.Add(Key, Caller, cache.Generation);
        Assert.False(cache.TryGet(Key, out _, out _));

        cache.StartSession();
        cache.Add(Key, Caller, cache.Generation);
        Assert.True(cache.TryGet(Key, out _, out _));
        cache.Lost();
        Assert.False(cache.TryGet(Key, out _, out _));
    }

    [Fact]
    public void A_reset_forgets_everything()
    {
        var cache = LiveCache(new FakeTimeProvider());
        cache.Add(Key, Caller, cache.Generation);

        cache.Apply(new RevocationNotice { Kind = RevocationKind.Reset });

        Assert.False(cache.TryGet(Key, out _, out _));
        Assert.True(cache.IsLive);
    }

    [Fact]
    public void A_kept_token_asks_for_one_background_check_after_a_minute_and_none_after_five()
    {
        var clock = new FakeTimeProvider();
        var cache = LiveCache(clock);
        cache.Add(Key, Caller, cache.Generation);

        Assert.True(cache.TryGet(Key, out _, out var due));
        Assert.False(due);
        clock.Advance(TokenCache.RefreshAfter);
        Assert.True(cache.TryGet(Key, out _, out due));
        Assert.True(due);
        Assert.True(cache.TryGet(Key, out _, out due));
        Assert.False(due);
        clock.Advance(TokenCache.MaxAge);
        Assert.False(cache.TryGet(Key, out _, out _));
    }

    private static TokenCache LiveCache(TimeProvider clock)
    {
        var cache = new TokenCache(clock);
        cache.StartSession();
        return cache;
    }
}
