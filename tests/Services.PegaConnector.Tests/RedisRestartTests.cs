using Deployteq.PegaConnector.V1;
using Deployteq.TestSupport;
using Xunit.Abstractions;

namespace Deployteq.PegaConnector.Tests;

public sealed class RedisRestartTests(ProcessFixture fixture, ITestOutputHelper output) : IClassFixture<ProcessFixture>
{
    [Fact]
    public async Task Redis_killed_and_restarted_on_its_data_during_delivery_loses_nothing_and_the_connector_recovers_by_itself()
    {
        const int total = 3_000;
        await using var connector = await fixture.StartConnectorAsync();
        var brand = await fixture.NewBrandAsync(connector);
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.Latency = TimeSpan.FromMilliseconds(3);
        // Acknowledged by Events: these must all arrive.
        var uuids = await brand.EmitBroadcastsAsync(total);

        await Poll.UntilAsync(() => brand.Endpoint.Unique >= total / 4, "delivery is under way");
        await fixture.Redis.KillAsync();
        var arrivedAtKill = brand.Endpoint.Unique;
        await fixture.Redis.RestartAsync();

        try
        {
            await brand.WaitForArrivalsAsync(uuids, TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("TEST_PATIENCE"), out var s) ? s : 120));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Assert.Fail(exception.Message + "\nconnector output:\n" + connector.Output);
        }
        output.WriteLine($"Redis killed at {arrivedAtKill} arrived; all {brand.Endpoint.Unique} arrived; duplicates {brand.Endpoint.Duplicates}");
        Assert.False(connector.HasExited);
        Assert.Equal(total, brand.Endpoint.Unique);
        Assert.InRange(brand.Endpoint.Duplicates, 0, ConnectorSettings.MaxInFlight);
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Counts.Delivered >= total, "the counts caught up");
    }
}
