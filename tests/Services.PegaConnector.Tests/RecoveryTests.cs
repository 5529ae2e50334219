using System.Diagnostics;
using Deployteq.PegaConnector.V1;
using Deployteq.PegaStandIn;
using ActivityKind = Deployteq.PegaConnector.V1.ActivityKind;
using Xunit.Abstractions;

namespace Deployteq.PegaConnector.Tests;

public sealed class RecoveryTests(ProcessFixture fixture, ITestOutputHelper output) : IClassFixture<ProcessFixture>
{
    // Retry times that grow long during an outage: 4 s doubling up to a minute.
    private static readonly Dictionary<string, string?> LongRetries = new()
    {
        ["PegaConnector:RetryBaseDelay"] = "00:00:04",
        ["PegaConnector:RetryMaxDelay"] = "00:01:00",
    };

    [Fact]
    public async Task After_an_outage_the_activities_waiting_for_their_retry_time_go_as_soon_as_the_endpoint_answers_again()
    {
        await using var connector = await fixture.StartConnectorAsync(LongRetries);
        var brand = await fixture.NewBrandAsync(connector);
        await brand.InstallAsync(ActivityKind.Broadcasts);
        var outage = TimeSpan.FromSeconds(15);
        brand.Endpoint.SetFault(new Fault { Status = 503, Until = DateTimeOffset.UtcNow + outage });
        var over = Stopwatch.GetTimestamp() + (long)(outage.TotalSeconds * Stopwatch.Frequency);
        var uuids = await brand.EmitBroadcastsAsync(40);

        await brand.WaitForArrivalsAsync(uuids);
        var last = uuids.Max(uuid => brand.Endpoint.FirstArrival(uuid)!.Timestamp);
        var afterRecovery = Stopwatch.GetElapsedTime(over, last);
        output.WriteLine($"the last of {uuids.Count} arrived {afterRecovery.TotalSeconds:F2} s after the endpoint answered again; {brand.Endpoint.Faulted} calls failed");
        Assert.True(brand.Endpoint.Faulted >= 10, $"only {brand.Endpoint.Faulted} calls met the outage");
        Assert.True(afterRecovery <= TimeSpan.FromSeconds(5), $"The last activity arrived {afterRecovery.TotalSeconds:F2} s after the endpoint answered again.");
        Assert.Equal(0, brand.Endpoint.Duplicates);
    }
}
