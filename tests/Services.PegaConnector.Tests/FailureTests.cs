using System.Diagnostics;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.V1;
using Deployteq.PegaStandIn;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using ActivityKind = Deployteq.PegaConnector.V1.ActivityKind;

namespace Deployteq.PegaConnector.Tests;

[Collection(PegaCollection.Name)]
public sealed class FailureTests(PegaFixture fixture)
{
    [Fact]
    public async Task An_endpoint_down_and_then_throttling_loses_nothing_doubles_nothing_and_its_Retry_After_is_respected()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.SetFault(new Fault { Status = 503, Calls = 15 }, new Fault { Status = 429, RetryAfter = "2", Calls = 6 });

        var uuids = await brand.EmitBroadcastsAsync(40);
        await brand.WaitForArrivalsAsync(uuids);

        Assert.Equal(40, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
        Assert.Equal(21, brand.Endpoint.Faulted);
        Assert.Empty(brand.Endpoint.InvalidReasons);
        // After each 429 with Retry-After: 2, that activity came back no sooner than told.
        var calls = brand.Endpoint.Log.ToList();
        var throttled = calls.Where(call => call.Status == 429).ToList();
        Assert.Equal(6, throttled.Count);
        foreach (var call in throttled)
        {
            var next = calls.First(later => later.IdempotencyKey == call.IdempotencyKey && later.Timestamp > call.Timestamp);
            var waited = Stopwatch.GetElapsedTime(call.Timestamp, next.Timestamp);
            Assert.True(waited >= TimeSpan.FromSeconds(1.95), $"Retried {waited.TotalMilliseconds:F0} ms after a Retry-After of 2 s.");
        }

        var counts = (await brand.GetAsync(installation.InstallationId)).Counts;
        Assert.Equal(40, counts.Delivered);
        Assert.True(counts.Failed >= 21, $"failed = {counts.Failed}");
        Assert.True(counts.Retried >= 21, $"retried = {counts.Retried}");
        Assert.Equal(0, counts.Dead);
    }

    [Fact]
    public async Task An_endpoint_that_hangs_past_the_HTTP_timeout_gets_the_activities_again_and_each_arrives_once()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        // Longer than the connector's 2 s HTTP timeout: those calls are given up and retried.
        brand.Endpoint.SetFault(new Fault { Status = 200, Hang = TimeSpan.FromSeconds(5), Calls = 3 });

        var uuids = await brand.EmitBroadcastsAsync(10);
        await brand.WaitForArrivalsAsync(uuids);

        Assert.Equal(3, brand.Endpoint.Faulted);
        Assert.Equal(10, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
        var state = await brand.GetAsync(installation.InstallationId);
        Assert.True(state.Counts.Retried >= 3, $"retried = {state.Counts.Retried}");
    }

    [Fact]
    public async Task Reading_again_from_a_checkpoint_held_back_by_one_failing_activity_skips_those_delivered_after_it()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        var stuck = Activities.Broadcast(brand.CustomerId, brand.BroadcastId).WithNewUuid();
        brand.Endpoint.SetFault(new Fault { Status = 503, Uuid = stuck.Uuid, Calls = int.MaxValue });
        await brand.EmitAsync([stuck]);
        var later = await brand.EmitBroadcastsAsync(20);
        await brand.WaitForArrivalsAsync(later);

        // A settings change reads again from the checkpoint, which waits behind the failing one.
        await brand.Installations.UpdateInstallationAsync(new UpdateInstallationRequest
        {
            InstallationId = installation.InstallationId,
            UpdateMask = new FieldMask { Paths = { "financial" } },
            Financial = new Financial { PoNumber = "PO-44" },
        });
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Counts.DuplicatesAvoided >= 20,
            "the 20 delivered ones were skipped on the second reading");
        brand.Endpoint.SetFault();
        await brand.WaitForArrivalsAsync([stuck.Uuid]);

        Assert.Equal(21, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
    }

    [Fact]
    public async Task Refused_credentials_pause_the_installation_and_new_credentials_resume_it()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.SetCredentials("pega-rotated", "n3w-passw0rd");

        var uuids = await brand.EmitBroadcastsAsync(5);
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).State == InstallationState.Paused, "the installation is paused");
        var paused = await brand.GetAsync(installation.InstallationId);
        Assert.Contains("401", paused.PauseReason);
        Assert.Contains("401", paused.LastError.Message);
        Assert.Equal(0, brand.Endpoint.Unique);

        // Nothing is retried while paused. Once the paused session has ended (the connector then
        // holds no activity: lag 0), no call can be made any more; every refused call was a first
        // attempt of one of the five, so there are at most five.
        await Poll.UntilAsync(async () => await brand.GetAsync(installation.InstallationId) is { State: InstallationState.Paused, Lag.Activities: 0 },
            "the paused session has ended");
        var refused = brand.Endpoint.Refused;
        Assert.InRange(refused, 1, Math.Min(uuids.Count, ConnectorSettings.MaxInFlight));

        await brand.Installations.UpdateInstallationAsync(new UpdateInstallationRequest
        {
            InstallationId = installation.InstallationId,
            UpdateMask = new FieldMask { Paths = { "endpoint" } },
            Endpoint = new V1.Endpoint { Url = brand.EndpointUrl, Username = "pega-rotated", Password = "n3w-passw0rd" },
        });
        await brand.WaitForArrivalsAsync(uuids);

        Assert.Equal(5, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).State == InstallationState.Running, "it reports running");
        Assert.Equal("", (await brand.GetAsync(installation.InstallationId)).PauseReason);
    }

    [Fact]
    public async Task A_refused_activity_goes_to_the_dead_letters_without_holding_up_the_rest_and_a_redrive_delivers_it()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.SetFault(new Fault { Status = 400, Calls = 1 });

        var first = (await brand.EmitBroadcastsAsync(1))[0];
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Counts.Dead == 1, "one activity is dead");
        var rest = await brand.EmitBroadcastsAsync(5);
        await brand.WaitForArrivalsAsync(rest);

        var dead = await brand.Installations.ListDeadLettersAsync(new ListDeadLettersRequest { InstallationId = installation.InstallationId });
        var letter = Assert.Single(dead.DeadLetters);
        Assert.Equal(first, letter.Uuid);
        Assert.Equal(400, letter.StatusCode);
        Assert.Equal("stand-in fault 400", letter.Response);
        Assert.Equal("broadcasts", letter.Metric);
        Assert.Contains(first, letter.Json);
        Assert.False(brand.Endpoint.Counts.ContainsKey(first));
        // The checkpoint passed the dead letter: it is finished, not pending.
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Lag.Activities == 0, "nothing is pending");

        var redriven = await brand.Installations.RedriveDeadLettersAsync(new RedriveDeadLettersRequest
        {
            InstallationId = installation.InstallationId,
            Selection = new DeadLetterSelection { Uuid = first },
        });
        Assert.Equal(1, redriven.Count);
        await brand.WaitForArrivalsAsync([first]);

        Assert.Empty((await brand.Installations.ListDeadLettersAsync(new ListDeadLettersRequest { InstallationId = installation.InstallationId })).DeadLetters);
        Assert.Equal(6, brand.Endpoint.Unique);
        Assert.Equal(0, brand.Endpoint.Duplicates);
    }

    [Fact]
    public async Task Dead_letters_can_be_purged_by_filter()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.SetFault(new Fault { Status = 422, Calls = 2 });
        await brand.EmitBroadcastsAsync(2);
        await Poll.UntilAsync(async () => (await brand.GetAsync(installation.InstallationId)).Counts.Dead == 2, "two activities are dead");

        var none = await brand.Installations.PurgeDeadLettersAsync(new PurgeDeadLettersRequest
        {
            InstallationId = installation.InstallationId,
            Selection = new DeadLetterSelection { Filter = new DeadLetterFilter { StatusCode = 400 } },
        });
        var purged = await brand.Installations.PurgeDeadLettersAsync(new PurgeDeadLettersRequest
        {
            InstallationId = installation.InstallationId,
            Selection = new DeadLetterSelection { Filter = new DeadLetterFilter { StatusCode = 422, Activities = { ActivityKind.Broadcasts } } },
        });

        Assert.Equal(0, none.Count);
        Assert.Equal(2, purged.Count);
        Assert.Empty((await brand.Installations.ListDeadLettersAsync(new ListDeadLettersRequest { InstallationId = installation.InstallationId })).DeadLetters);
    }

    [Fact]
    public async Task A_replay_sends_everything_since_its_time_once_more_with_the_original_uuids()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        var from = DateTimeOffset.UtcNow;
        var uuids = await brand.EmitBroadcastsAsync(10);
        await brand.WaitForArrivalsAsync(uuids);

        await brand.Installations.ReplayAsync(new ReplayRequest { InstallationId = installation.InstallationId, FromTime = Timestamp.FromDateTimeOffset(from.AddSeconds(-1)) });
        await Poll.UntilAsync(() => uuids.All(uuid => brand.Endpoint.Counts[uuid] == 2), "every activity arrived a second time");
        var later = await brand.EmitBroadcastsAsync(5);
        await brand.WaitForArrivalsAsync(later);

        Assert.All(uuids, uuid => Assert.Equal(2, brand.Endpoint.Counts[uuid]));
        Assert.All(later, uuid => Assert.Equal(1, brand.Endpoint.Counts[uuid]));
    }

    [Fact]
    public async Task A_new_selection_restarts_reading_without_sending_anything_twice_and_applies_from_then_on()
    {
        var brand = await fixture.NewBrandAsync();
        var installation = await brand.InstallAsync(ActivityKind.Broadcasts);
        brand.Endpoint.Latency = TimeSpan.FromMilliseconds(20);
        var uuids = await brand.EmitBroadcastsAsync(300);
        await Poll.UntilAsync(() => brand.Endpoint.Unique >= 50, "delivery is under way");

        await brand.Installations.UpdateInstallationAsync(new UpdateInstallationRequest
        {
            InstallationId = installation.InstallationId,
            UpdateMask = new FieldMask { Paths = { "activities" } },
            Activities = { ActivityKind.Broadcasts, ActivityKind.Opens },
        });
        brand.Endpoint.Latency = TimeSpan.Zero;
        await brand.WaitForArrivalsAsync(uuids);
        var open = await brand.EmitAsync([Activities.Open(brand.CustomerId, brand.BroadcastId)]);
        await brand.WaitForArrivalsAsync(open);

        Assert.Equal(0, brand.Endpoint.Duplicates);
        Assert.Equal(301, brand.Endpoint.Unique);
    }
}
