using System.Diagnostics;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.Delivery;
using Deployteq.PegaConnector.V1;
using ActivityKind = Deployteq.PegaConnector.V1.ActivityKind;

namespace Deployteq.PegaConnector.Tests;

[Collection(PegaCollection.Name)]
public sealed class TraceTests(PegaFixture fixture)
{
    [Fact]
    public async Task An_activity_emitted_in_a_trace_reaches_Pega_in_that_same_trace_and_the_trace_stays_out_of_its_body()
    {
        var brand = await fixture.NewBrandAsync();
        await brand.InstallAsync(ActivityKind.Broadcasts);
        // The emitter's trace: its HttpClient sends it on (the test process's own listeners would
        // start a trace of their own otherwise).
        var emit = new System.Diagnostics.Activity("test emit").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = emit.TraceId;
        string uuid;
        try
        {
            uuid = (await brand.Events.EmitAsync(new EmitRequest { Activity = Activities.Broadcast(brand.CustomerId, brand.BroadcastId) })).Activity.Uuid;
        }
        finally
        {
            emit.Stop();
        }

        var untraced = (await brand.EmitBroadcastsAsync(1))[0];
        await brand.WaitForArrivalsAsync([uuid, untraced]);

        var arrival = brand.Endpoint.FirstArrival(uuid)!;
        Assert.NotNull(arrival.TraceParent);
        Assert.Equal(traceId, ActivityContext.Parse(arrival.TraceParent, null).TraceId);
        Assert.True(brand.Endpoint.FirstArrival(untraced)!.TraceParent is not { } other || ActivityContext.Parse(other, null).TraceId != traceId);
        Assert.DoesNotContain("trace", arrival.Activity.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(brand.Endpoint.InvalidReasons);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00-not-a-trace-01")]
    [InlineData("00-00000000000000000000000000000000-0000000000000000-01")]
    public void A_missing_or_malformed_stored_traceparent_gives_no_parent(string traceParent) =>
        Assert.Null(DeliveryTrace.ParentOf(traceParent, "vendor=1"));

    [Fact]
    public void A_well_formed_stored_traceparent_is_the_parent_of_the_call()
    {
        var parent = DeliveryTrace.ParentOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1");
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", parent?.TraceId.ToHexString());
        Assert.Equal("vendor=1", parent?.TraceState);
    }
}
