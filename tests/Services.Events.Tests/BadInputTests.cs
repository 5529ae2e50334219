using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using BounceType = Deployteq.Events.V1.BounceType;

namespace Deployteq.Events.Tests;

// DESIGN.md "Errors": the exact status, the offending fields named, nothing stored.
[Collection(EventsCollection.Name)]
public sealed class BadInputTests(EventsFixture fixture)
{
    // A mutation of a valid activity, and the field it must be rejected for.
    public static TheoryData<string, StatusCode, string> Cases => new()
    {
        { "metric unspecified", StatusCode.InvalidArgument, "activity.metric" },
        { "metric unknown", StatusCode.InvalidArgument, "activity.metric" },
        { "uuid malformed", StatusCode.InvalidArgument, "activity.uuid" },
        { "negative timestamp", StatusCode.InvalidArgument, "activity.metric_timestamp" },
        { "timestamp in milliseconds", StatusCode.InvalidArgument, "activity.metric_timestamp" },
        { "timestamp in the year 10000", StatusCode.InvalidArgument, "activity.metric_timestamp" },
        { "largest timestamp", StatusCode.InvalidArgument, "activity.metric_timestamp" },
        { "timestamp before 2000", StatusCode.InvalidArgument, "activity.metric_timestamp" },
        { "broadcast timestamp in milliseconds", StatusCode.InvalidArgument, "activity.broadcast.broadcast_timestamp" },
        { "broadcast timestamp in the year 10000", StatusCode.InvalidArgument, "activity.broadcast.broadcast_timestamp" },
        { "largest broadcast timestamp", StatusCode.InvalidArgument, "activity.broadcast.broadcast_timestamp" },
        { "no customer id", StatusCode.InvalidArgument, "activity.customer_id" },
        { "no broadcast id", StatusCode.InvalidArgument, "activity.broadcast_id" },
        { "bad email address", StatusCode.InvalidArgument, "activity.email_address" },
        { "open with bounce details", StatusCode.InvalidArgument, "activity.bounce" },
        { "broadcast with click details", StatusCode.InvalidArgument, "activity.click" },
        { "unsubscribe with open details", StatusCode.InvalidArgument, "activity.open" },
        { "broadcast without details", StatusCode.InvalidArgument, "activity.broadcast" },
        { "click without details", StatusCode.InvalidArgument, "activity.click" },
        { "click without url", StatusCode.InvalidArgument, "activity.click.url" },
        { "click with relative url", StatusCode.InvalidArgument, "activity.click.url" },
        { "click with os set", StatusCode.InvalidArgument, "activity.click.os" },
        { "open with machine_generated set", StatusCode.InvalidArgument, "activity.open.machine_generated" },
        { "bounce without type", StatusCode.InvalidArgument, "activity.bounce.bounce_type" },
        { "bounce without code", StatusCode.InvalidArgument, "activity.bounce.bounce_code" },
        { "bounce with counts set", StatusCode.InvalidArgument, "activity.bounce.bounce_count_soft" },
        { "manual option that is a boolean", StatusCode.InvalidArgument, "activity.broadcast.broadcast_manual_options.flag" },
        { "unknown customer", StatusCode.NotFound, "activity.customer_id" },
        { "unknown broadcast", StatusCode.NotFound, "activity.broadcast_id" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_activity_gets_its_status_names_the_field_and_stores_nothing(string situation, StatusCode status, string field)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("bad@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var activity = Mutate(situation, customer.Id, broadcastId);
        var before = await brand.SnapshotAsync();

        var exception = await GrpcStatusAssert.ThrowsAsync(status, () => brand.EmitAsync(activity));

        Assert.Contains(field, Fields(exception));
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Every_offending_field_is_listed_at_once()
    {
        var brand = await fixture.NewBrandAsync();
        var click = Activities.Click(0, 0);
        click.Uuid = "not-a-uuid";
        click.Click.Url = "";

        var exception = await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(click),
            "activity.uuid", "activity.customer_id", "activity.broadcast_id", "activity.click.url");

        Assert.Equal(4, Fields(exception).Count);
    }

    [Fact]
    public async Task An_emit_without_an_activity_is_invalid()
    {
        var brand = await fixture.NewBrandAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Events.EmitAsync(new EmitRequest()).ResponseAsync, "activity");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_batch_that_is_empty_or_over_a_thousand_is_invalid_and_stores_nothing(int size)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("size@example.com");
        var request = new EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, size).Select(_ => Activities.Broadcast(customer.Id, 1)));

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Events.EmitBatchAsync(request).ResponseAsync, "activities");

        Assert.Empty(await brand.SnapshotAsync());
    }

    [Fact]
    public async Task One_bad_item_rejects_the_whole_batch_naming_its_index()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("one-bad@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        var bad = Activities.Bounce(customer.Id, broadcastId, BounceType.Unspecified);
        var request = new EmitBatchRequest { Activities = { Activities.Broadcast(customer.Id, broadcastId), bad } };

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Events.EmitBatchAsync(request).ResponseAsync, "activities[1].bounce.bounce_type");

        Assert.Empty(await brand.SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_customer_in_a_batch_rejects_it_whole_and_records_no_bounce_before_it()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("known@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var before = await brand.SnapshotAsync();
        var request = new EmitBatchRequest
        {
            Activities =
            {
                Activities.Bounce(customer.Id, broadcastId, BounceType.Hard),
                Activities.Open(customer.Id + 1000, broadcastId),
            },
        };

        var exception = await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Events.EmitBatchAsync(request).ResponseAsync);

        Assert.Equal(["activities[1].customer_id"], Fields(exception));
        Assert.Equal(before, await brand.SnapshotAsync());
        var state = await brand.Mailability.GetMailabilityAsync(new Customers.V1.CustomerRef { CustomerId = customer.Id });
        Assert.Equal(0, state.HardBounceCount);
    }

    [Fact]
    public async Task No_token_is_unauthenticated_and_a_revoked_token_stops_working_within_a_moment()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("revoked@example.com");
        var anonymous = new V1.Events.EventsClient(fixture.EventsChannel);
        await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());

        await GrpcStatusAssert.ThrowsAsync(StatusCode.Unauthenticated,
            () => anonymous.EmitAsync(new EmitRequest { Activity = Activities.Broadcast(customer.Id, 1) }).ResponseAsync);
        await fixture.Admin.RevokeTokenAsync(new Customers.V1.RevokeTokenRequest { BrandId = brand.Id, TokenId = brand.TokenId });
        // Events keeps verified tokens; the revocation reaches it through Customers' feed.
        var exception = await Poll.UntilFoundAsync(async () =>
        {
            try
            {
                await brand.BroadcastAsync(customer.Id, TestBrand.NewBroadcastId());
                return null;
            }
            catch (RpcException refused) when (refused.StatusCode == StatusCode.Unauthenticated)
            {
                return refused;
            }
        }, "Events refused the revoked token", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        Assert.DoesNotContain(brand.Token, exception.Status.Detail);
    }

    [Theory]
    [InlineData(Scopes.EventsRead + " " + Scopes.Customers + " " + Scopes.Mailability)]
    [InlineData(Scopes.EventsEmit + " " + Scopes.Mailability)]
    [InlineData(Scopes.EventsEmit + " " + Scopes.Customers)]
    public async Task Emitting_needs_the_emit_customers_and_mailability_scopes_and_stores_nothing_without(string scopeList)
    {
        var scopes = scopeList.Split(' ');
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("scopes@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var limited = new V1.Events.EventsClient(fixture.Event(await fixture.TokenAsync(brand, scopes)));
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, () => limited.EmitAsync(new EmitRequest
        {
            Activity = Activities.Bounce(customer.Id, broadcastId, BounceType.Hard),
        }).ResponseAsync);

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Fact]
    public async Task Reading_needs_the_read_scope()
    {
        var brand = await fixture.NewBrandAsync();
        var emitter = new V1.Events.EventsClient(fixture.Event(await fixture.TokenAsync(brand, Scopes.EventsEmit)));

        using var timeout = new CancellationTokenSource(Streams.Patience);

        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, async () =>
        {
            using var call = emitter.Subscribe(TestBrand.FromNow(), cancellationToken: timeout.Token);
            await call.ResponseStream.MoveNext(timeout.Token);
        });
        await GrpcStatusAssert.ThrowsAsync(StatusCode.PermissionDenied, async () =>
        {
            using var call = emitter.Export(
                new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) }, cancellationToken: timeout.Token);
            await call.ResponseStream.MoveNext(timeout.Token);
        });
    }

    public static TheoryData<string, string> BadSubscriptions => new()
    {
        { "no start", "start" },
        { "bad cursor", "after_cursor" },
        { "cursor past the largest", "after_cursor" },
        { "unknown metric", "metrics[1]" },
        { "bad time", "from_time" },
    };

    [Theory]
    [MemberData(nameof(BadSubscriptions))]
    public async Task A_bad_subscription_is_invalid_and_names_the_field(string situation, string field)
    {
        var brand = await fixture.NewBrandAsync();
        var request = situation switch
        {
            "no start" => new SubscribeRequest(),
            "bad cursor" => new SubscribeRequest { AfterCursor = "yesterday" },
            "cursor past the largest" => new SubscribeRequest { AfterCursor = "18446744073709551616-0" },
            "unknown metric" => new SubscribeRequest { FromNow = new Empty(), Metrics = { Metric.Opens, (Metric)42 } },
            _ => new SubscribeRequest { FromTime = new Timestamp { Seconds = 1, Nanos = -5 } },
        };

        using var timeout = new CancellationTokenSource(Streams.Patience);

        await GrpcStatusAssert.InvalidArgumentAsync(async () =>
        {
            using var call = brand.Events.Subscribe(request, cancellationToken: timeout.Token);
            await call.ResponseStream.MoveNext(timeout.Token);
        }, field);
    }

    [Fact]
    public async Task An_export_without_start_or_ending_before_it_starts_is_invalid()
    {
        var brand = await fixture.NewBrandAsync();
        var now = DateTimeOffset.UtcNow;

        await GrpcStatusAssert.InvalidArgumentAsync(() => ExportAsync(brand, new ExportRequest()), "start_time");
        await GrpcStatusAssert.InvalidArgumentAsync(() => ExportAsync(brand, new ExportRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(now),
            EndTime = Timestamp.FromDateTimeOffset(now.AddMinutes(-1)),
        }), "end_time");
    }

    private static async Task ExportAsync(TestBrand brand, ExportRequest request)
    {
        using var timeout = new CancellationTokenSource(Streams.Patience);
        using var call = brand.Events.Export(request, cancellationToken: timeout.Token);
        await call.ResponseStream.MoveNext(timeout.Token);
    }

    private static List<string> Fields(RpcException exception) =>
        exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(violation => violation.Field).ToList() ?? [];

    private static NewActivity Mutate(string situation, long customerId, long broadcastId)
    {
        var open = Activities.Open(customerId, broadcastId);
        var click = Activities.Click(customerId, broadcastId);
        var bounce = Activities.Bounce(customerId, broadcastId, BounceType.Soft);
        var broadcast = Activities.Broadcast(customerId, broadcastId);
        switch (situation)
        {
            case "metric unspecified": open.Metric = Metric.Unspecified; return open;
            case "metric unknown": open.Metric = (Metric)99; return open;
            case "uuid malformed": open.Uuid = "50eaaa33cdf24d9d83d097b88b2517ed-x"; return open;
            case "negative timestamp": open.MetricTimestamp = -1; return open;
            case "timestamp in milliseconds": open.MetricTimestamp = 1795414559984; return open;
            case "timestamp in the year 10000": open.MetricTimestamp = 253402300800; return open;
            case "largest timestamp": open.MetricTimestamp = long.MaxValue; return open;
            case "timestamp before 2000": open.MetricTimestamp = 1; return open;
            case "broadcast timestamp in milliseconds": broadcast.Broadcast.BroadcastTimestamp = 1795414559984; return broadcast;
            case "broadcast timestamp in the year 10000": broadcast.Broadcast.BroadcastTimestamp = 253402300800; return broadcast;
            case "largest broadcast timestamp": broadcast.Broadcast.BroadcastTimestamp = long.MaxValue; return broadcast;
            case "no customer id": open.CustomerId = 0; return open;
            case "no broadcast id": open.BroadcastId = -4; return open;
            case "bad email address": broadcast.EmailAddress = "no-at-sign"; return broadcast;
            case "open with bounce details": open.Bounce = bounce.Bounce; return open;
            case "broadcast with click details": broadcast.Click = click.Click; return broadcast;
            case "unsubscribe with open details": open.Metric = Metric.Unsubscribes; return open;
            case "broadcast without details": broadcast.ClearDetails(); return broadcast;
            case "click without details": click.ClearDetails(); return click;
            case "click without url": click.Click.Url = ""; return click;
            case "click with relative url": click.Click.Url = "/account"; return click;
            case "click with os set": click.Click.Os = "Windows"; return click;
            case "open with machine_generated set": open.Open.MachineGenerated = true; return open;
            case "bounce without type": bounce.Bounce.BounceType = BounceType.Unspecified; return bounce;
            case "bounce without code": bounce.Bounce.BounceCode = ""; return bounce;
            case "bounce with counts set": bounce.Bounce.BounceCountSoft = 3; return bounce;
            case "manual option that is a boolean": broadcast.Broadcast.BroadcastManualOptions.Fields["flag"] = Value.ForBool(true); return broadcast;
            case "unknown customer": bounce.CustomerId = customerId + 1000; return bounce;
            case "unknown broadcast": bounce.BroadcastId = broadcastId + 100_000; return bounce;
            default: throw new ArgumentOutOfRangeException(nameof(situation), situation, null);
        }
    }
}
