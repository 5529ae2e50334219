using Deployteq.Events.V1;
using Deployteq.PegaConnector.Grpc;
using Deployteq.PegaConnector.V1;
using Deployteq.PegaStandIn;
using Deployteq.ServiceDefaults.Streams;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Deployteq.PegaConnector.Tests;

public sealed class RareSelectionTests
{
    [Fact]
    public async Task An_installation_selecting_only_rare_activities_keeps_its_checkpoint_current_past_the_retention()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var platform = await Platform.StartAsync(redis, new Dictionary<string, string?>
        {
            ["Events:Retention"] = "00:00:03",
            ["Events:ProgressInterval"] = "00:00:00.500",
            ["Events:RetentionSweepInterval"] = "00:00:01",
        });
        await using var standIn = await StandInServer.StartAsync();
        var connectorUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var connector = Platform.Host<InstallationsService>(redis, connectorUrl, ConnectorSettings.For(redis.ConnectionString, platform.CustomersUrl, platform.EventsUrl));
        using var channel = GrpcChannel.ForAddress(connectorUrl);
        var brand = await PegaBrand.CreateAsync(platform, channel, standIn);
        var installation = await brand.InstallAsync(ActivityKind.Complaints);
        await brand.BroadcastAsync();
        var complaint = await brand.EmitAsync([Activities.Plain(Metric.Complaints, brand.CustomerId, brand.BroadcastId)]);
        await brand.WaitForArrivalsAsync(complaint);

        // Only unselected activities for longer than the retention: the complaint's position is
        // trimmed away, and the checkpoint must have moved past it on progress cursors alone.
        var until = DateTime.UtcNow.AddSeconds(5);
        string last = "";
        while (DateTime.UtcNow < until)
        {
            last = (await brand.Events.EmitAsync(new EmitRequest { Activity = Activities.Broadcast(brand.CustomerId, brand.BroadcastId) })).Cursor;
            await Task.Delay(200);
        }

        Assert.True(StreamCursor.TryParse(last, out var newest));
        await Poll.UntilAsync(async () =>
            StreamCursor.TryParse((await brand.GetAsync(installation.InstallationId)).Checkpoint, out var checkpoint) && checkpoint.CompareTo(newest) >= 0,
            "the checkpoint reached the newest unselected activity");

        // Reading again from the checkpoint (a settings change restarts delivery) is no OUT_OF_RANGE.
        await brand.Installations.UpdateInstallationAsync(new UpdateInstallationRequest
        {
            InstallationId = installation.InstallationId,
            UpdateMask = new FieldMask { Paths = { "financial" } },
            Financial = new Financial { PoNumber = "PO-43" },
        });
        var next = await brand.EmitAsync([Activities.Plain(Metric.Complaints, brand.CustomerId, brand.BroadcastId)]);
        await brand.WaitForArrivalsAsync(next);

        var state = await brand.GetAsync(installation.InstallationId);
        Assert.DoesNotContain("retention", state.LastError?.Message ?? "");
        Assert.Equal(2, brand.Endpoint.Unique);
    }
}
