using Deployteq.PegaConnector.V1;
using Deployteq.TestSupport;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Deployteq.PegaConnector.Tests;

// The connector as real processes: killed with SIGKILL mid-delivery, two at once.
public sealed class ProcessTests(ProcessFixture fixture, ITestOutputHelper output) : IClassFixture<ProcessFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Killed_three_times_while_delivering_20000_activities_every_uuid_arrives_and_duplicates_stay_within_the_in_flight_limit()
    {
        const int total = 20_000;
        var connector = await fixture.StartConnectorAsync();
        try
        {
            var brand = await fixture.NewBrandAsync(connector);
            await brand.InstallAsync(ActivityKind.Broadcasts);
            // A little latency per call, so that a kill finds calls in flight.
            brand.Endpoint.Latency = TimeSpan.FromMilliseconds(1);
            var uuids = await brand.EmitBroadcastsAsync(total);

            foreach (var threshold in new[] { total / 4, total / 2, total * 3 / 4 })
            {
                await Poll.UntilAsync(() => brand.Endpoint.Unique >= threshold, $"{threshold} arrived", Long);
                await connector.KillAsync();
                output.WriteLine($"killed pid {connector.Id} at {brand.Endpoint.Unique} uuids arrived, {brand.Endpoint.Duplicates} duplicates");
                await connector.DisposeAsync();
                connector = await fixture.StartConnectorAsync();
            }

            await brand.WaitForArrivalsAsync(uuids, Long);
            output.WriteLine($"uuids arrived: {brand.Endpoint.Unique} of {total}; duplicates: {brand.Endpoint.Duplicates}");
            Console.WriteLine($"SIGKILL x3 over {total} activities: uuids arrived {brand.Endpoint.Unique}, duplicates {brand.Endpoint.Duplicates}");
            Assert.Equal(total, brand.Endpoint.Unique);
            Assert.InRange(brand.Endpoint.Duplicates, 0, 3 * ConnectorSettings.MaxInFlight);
            Assert.Empty(brand.Endpoint.InvalidReasons);
        }
        finally
        {
            await connector.DisposeAsync();
        }
    }

    [Fact]
    public async Task Two_processes_never_deliver_the_same_installation_at_once_and_one_takes_over_when_the_other_dies()
    {
        await using var first = await fixture.StartConnectorAsync();
        await using var second = await fixture.StartConnectorAsync();
        var brand = await fixture.NewBrandAsync(first);
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.Latency = TimeSpan.FromMilliseconds(2);

        var together = await brand.EmitBroadcastsAsync(2_000);
        await brand.WaitForArrivalsAsync(together, Long);
        Assert.Equal(0, brand.Endpoint.Duplicates);
        // Only the lease holder read them: the other would have met every one as delivered.
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Counts.Delivered == 2_000, "the counts caught up", Long);
        Assert.Equal(0, (await brand.GetAsync(installation.InstallationId)).Counts.DuplicatesAvoided);

        // The holder of the lease dies mid-delivery; the other takes over within seconds.
        var later = await brand.EmitBroadcastsAsync(2_000);
        await Poll.UntilAsync(() => brand.Endpoint.Unique >= 2_500, "delivery of the second batch is under way", Long);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.ConnectionString);
        var lease = (string)(await redis.GetDatabase().StringGetAsync($"pega:{{b{brand.Id}}}:i{installation.InstallationId}:lease"))!;
        var holder = int.Parse(lease.Split('/')[1]) == first.Id ? first : second;
        await holder.KillAsync();
        var killedAt = DateTime.UtcNow;
        var arrivedAtKill = brand.Endpoint.Unique;

        await brand.WaitForArrivalsAsync(later, Long);
        output.WriteLine($"killed the holder at {arrivedAtKill} arrived; all arrived {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s later; duplicates {brand.Endpoint.Duplicates}");
        Assert.Equal(4_000, brand.Endpoint.Unique);
        Assert.InRange(brand.Endpoint.Duplicates, 0, ConnectorSettings.MaxInFlight);
    }
}
