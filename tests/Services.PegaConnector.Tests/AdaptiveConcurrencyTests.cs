using Deployteq.PegaConnector.Delivery;
using Microsoft.Extensions.Time.Testing;

namespace Deployteq.PegaConnector.Tests;

public sealed class AdaptiveConcurrencyTests
{
    private readonly FakeTimeProvider _clock = new();

    private AdaptiveConcurrency Limiter(int initial = 16, int min = 2, int max = 64) =>
        new(new PegaConnectorOptions { InitialInFlight = initial, MinInFlight = min, MaxInFlight = max }, _clock);

    [Fact]
    public void Calls_that_succeed_at_a_flat_latency_while_the_limit_is_used_raise_it_up_to_the_cap()
    {
        var limiter = Limiter();
        for (var round = 0; round < 200; round++)
        {
            Succeed(limiter, TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(64, limiter.Limit);
    }

    [Fact]
    public async Task Calls_that_succeed_while_the_limit_is_not_used_leave_it_where_it_is()
    {
        var limiter = Limiter();
        for (var call = 0; call < 200; call++)
        {
            await limiter.WaitAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromMilliseconds(50));
            limiter.OnSuccess(TimeSpan.FromMilliseconds(50));
            limiter.Release();
        }

        Assert.Equal(16, limiter.Limit);
    }

    [Fact]
    public void An_overload_cuts_the_limit_to_three_quarters_of_what_was_in_flight_once_per_round_trip()
    {
        var limiter = Limiter();
        Succeed(limiter, TimeSpan.FromMilliseconds(50));
        var before = limiter.Limit;
        var taken = Fill(limiter);

        for (var answer = 0; answer < 10; answer++)
        {
            limiter.OnOverload();
        }

        Assert.Equal((int)(before * 0.75), limiter.Limit);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        limiter.OnOverload();
        Assert.True(limiter.Limit < (int)(before * 0.75), $"limit {limiter.Limit} after a second round of overload");
        limiter.Release(taken);
    }

    [Fact]
    public void Rising_latency_brings_the_limit_down_to_the_floor_at_most_until_it_has_lasted_for_twenty_seconds()
    {
        var limiter = Limiter();
        for (var round = 0; round < 5; round++)
        {
            Succeed(limiter, TimeSpan.FromMilliseconds(50));
        }

        var flat = limiter.Limit;
        for (var round = 0; round < 45; round++)
        {
            Succeed(limiter, TimeSpan.FromMilliseconds(400));
        }

        var slow = limiter.Limit;
        // Past twenty seconds the slower latency is what the endpoint is like now.
        for (var round = 0; round < 30; round++)
        {
            Succeed(limiter, TimeSpan.FromMilliseconds(400));
        }

        Assert.True(flat > 16, $"limit {flat} at a flat latency");
        Assert.Equal(2, slow);
        Assert.True(limiter.Limit > 16, $"limit {limiter.Limit} once the slower latency had lasted");
    }

    [Fact]
    public void After_an_overload_the_limit_grows_back_to_one_below_the_level_that_was_too_much_and_probes_above_only_ten_seconds_later()
    {
        var limiter = Limiter(initial: 40);
        var taken = Fill(limiter);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        limiter.OnOverload();
        limiter.Release(taken);
        Assert.Equal(30, limiter.Limit);

        for (var round = 0; round < 100; round++)
        {
            Succeed(limiter, TimeSpan.FromMilliseconds(50));
        }

        var held = limiter.Limit;
        _clock.Advance(TimeSpan.FromSeconds(5));
        for (var round = 0; round < 5; round++)
        {
            Succeed(limiter, TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(39, held);
        Assert.True(limiter.Limit > 40, $"limit {limiter.Limit} ten seconds after the overload");
    }

    // One round trip: every slot of the limit taken, answered and given back.
    private void Succeed(AdaptiveConcurrency limiter, TimeSpan latency)
    {
        var taken = Fill(limiter);
        _clock.Advance(latency);
        for (var call = 0; call < taken; call++)
        {
            limiter.OnSuccess(latency);
        }

        limiter.Release(taken);
    }

    private static int Fill(AdaptiveConcurrency limiter)
    {
        var taken = 0;
        while (limiter.InFlight < limiter.Limit && limiter.WaitAsync(CancellationToken.None).IsCompleted)
        {
            taken++;
        }

        return taken;
    }
}
