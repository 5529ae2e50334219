using Deployteq.Events.V1;
using Deployteq.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.Events.Tests;

// Every limit written in events.proto, at its edge: at the limit the activity is stored, one
// past it is INVALID_ARGUMENT naming the field, and nothing is stored.
[Collection(EventsCollection.Name)]
public sealed class LimitTests(EventsFixture fixture)
{
    // A valid activity of the right metric, the field that holds the limit, the limit, and how to
    // make the activity hold n (the limit, or one more).
    private static readonly Dictionary<string, (Func<long, long, NewActivity> Valid, string Field, int Limit, Action<NewActivity, int> Set)> Edges = new()
    {
        ["email address"] = (Broadcast, "email_address", 254, (a, n) => a.EmailAddress = EmailAddressOfLength(n)),
        ["broadcast type"] = (Broadcast, "broadcast.broadcast_type", 16, (a, n) => a.Broadcast.BroadcastType = new string('T', n)),
        ["broadcast event type"] = (Broadcast, "broadcast.broadcast_event_type", 32, (a, n) => a.Broadcast.BroadcastEventType = new string('E', n)),
        ["sub type"] = (Broadcast, "broadcast.sub_type", 32, (a, n) => a.Broadcast.SubType = new string('S', n)),
        ["campaign name"] = (Broadcast, "broadcast.campaign_name", 255, (a, n) => a.Broadcast.CampaignName = new string('c', n)),
        ["content name"] = (Broadcast, "broadcast.content_name", 255, (a, n) => a.Broadcast.ContentName = new string('c', n)),
        ["subject"] = (Broadcast, "broadcast.subject", 998, (a, n) => a.Broadcast.Subject = new string('s', n)),
        ["mailing type"] = (Broadcast, "broadcast.mailing_type", 64, (a, n) => a.Broadcast.MailingType = new string('m', n)),
        ["manual option count"] = (Broadcast, "broadcast.broadcast_manual_options", 50, (a, n) => SetOptions(a, Enumerable.Range(0, n).ToDictionary(i => $"option{i}", _ => Value.ForString("v")))),
        ["manual option key"] = (Broadcast, "broadcast.broadcast_manual_options", 64, (a, n) => SetOptions(a, new() { [new string('k', n)] = Value.ForNumber(1) })),
        ["manual option value"] = (Broadcast, "broadcast.broadcast_manual_options.InteractionId", 1024, (a, n) => SetOptions(a, new() { ["InteractionId"] = Value.ForString(new string('9', n)) })),
        // Five keys of 2 characters and values sharing the rest, none past 1,024.
        ["manual options in all"] = (Broadcast, "broadcast.broadcast_manual_options", 4096, (a, n) => SetOptions(a, Enumerable.Range(0, 5).ToDictionary(
            i => $"k{i}", i => Value.ForString(new string('v', (n - 10) / 5 + (i < (n - 10) % 5 ? 1 : 0)))))),
        ["open user agent"] = (Open, "open.user_agent", 2048, (a, n) => a.Open.UserAgent = new string('u', n)),
        ["click user agent"] = (Click, "click.user_agent", 2048, (a, n) => a.Click.UserAgent = new string('u', n)),
        ["click url"] = (Click, "click.url", 8192, (a, n) => a.Click.Url = "https://www.mokupshop.com/?q=" + new string('q', n - 29)),
        ["click alt"] = (Click, "click.alt", 1024, (a, n) => a.Click.Alt = new string('a', n)),
        ["google source"] = (Click, "click.google_source", 255, (a, n) => a.Click.GoogleSource = new string('g', n)),
        ["google medium"] = (Click, "click.google_medium", 255, (a, n) => a.Click.GoogleMedium = new string('g', n)),
        ["google term"] = (Click, "click.google_term", 255, (a, n) => a.Click.GoogleTerm = new string('g', n)),
        ["google content"] = (Click, "click.google_content", 255, (a, n) => a.Click.GoogleContent = new string('g', n)),
        ["google campaign"] = (Click, "click.google_campaign", 255, (a, n) => a.Click.GoogleCampaign = new string('g', n)),
        ["tag count"] = (Click, "click.tags", 50, (a, n) => SetTags(a, Enumerable.Range(0, n).Select(i => $"tag{i}"))),
        ["tag length"] = (Click, "click.tags[1]", 100, (a, n) => SetTags(a, ["menu", new string('t', n)])),
        ["bounce code"] = (Bounce, "bounce.bounce_code", 32, (a, n) => a.Bounce.BounceCode = new string('5', n)),
        ["bounce reason"] = (Bounce, "bounce.bounce_reason", 1024, (a, n) => a.Bounce.BounceReason = new string('r', n)),
    };

    public static TheoryData<string> EdgeNames() => [.. Edges.Keys];

    [Theory]
    [MemberData(nameof(EdgeNames))]
    public async Task At_the_limit_is_stored_and_one_past_is_invalid_naming_the_field(string edge)
    {
        var (valid, field, limit, set) = Edges[edge];
        var (brand, customer, broadcastId) = await SetUpAsync();
        var atLimit = valid(customer, broadcastId);
        set(atLimit, limit);
        var pastLimit = valid(customer, broadcastId);
        set(pastLimit, limit + 1);

        var stored = await brand.EmitAsync(atLimit);
        var before = await brand.SnapshotAsync();
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(pastLimit), "activity." + field);

        Assert.False(stored.Duplicate);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    public static TheoryData<string, string> Names()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in NameFields.Keys)
        {
            foreach (var character in new[] { "\u0000", "\u200B", "\u202E", "\u0007", "\n", "\u2028", "\uE000" })
            {
                data.Add(field, character);
            }
        }

        return data;
    }

    // Fields that hold names: control and format characters are refused anywhere in them.
    private static readonly Dictionary<string, (Func<long, long, NewActivity> Valid, Action<NewActivity, string> Set, string Reported)> NameFields = new()
    {
        ["email_address"] = (Broadcast, (a, c) => a.EmailAddress = $"jane{c}doe@example.com", "email_address"),
        ["broadcast.broadcast_type"] = (Broadcast, (a, c) => a.Broadcast.BroadcastType = $"MA{c}IL", "broadcast.broadcast_type"),
        ["broadcast.broadcast_event_type"] = (Broadcast, (a, c) => a.Broadcast.BroadcastEventType = $"EMAIL{c}", "broadcast.broadcast_event_type"),
        ["broadcast.sub_type"] = (Broadcast, (a, c) => a.Broadcast.SubType = $"{c}CAMPAIGN", "broadcast.sub_type"),
        ["broadcast.mailing_type"] = (Broadcast, (a, c) => a.Broadcast.MailingType = $"news{c}letter", "broadcast.mailing_type"),
        ["manual option key"] = (Broadcast, (a, c) => SetOptions(a, new() { [$"Interaction{c}Id"] = Value.ForNumber(1) }), "broadcast.broadcast_manual_options"),
        ["click.tags"] = (Click, (a, c) => SetTags(a, [$"acc{c}ount"]), "click.tags[0]"),
        ["click.google_source"] = (Click, (a, c) => a.Click.GoogleSource = $"deploy{c}teq", "click.google_source"),
        ["bounce.bounce_code"] = (Bounce, (a, c) => a.Bounce.BounceCode = $"5.1{c}.2", "bounce.bounce_code"),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_control_or_format_character_in_a_name_is_invalid_naming_the_field(string field, string character)
    {
        var (valid, set, reported) = NameFields[field];
        var (brand, customer, broadcastId) = await SetUpAsync();
        var activity = valid(customer, broadcastId);
        set(activity, character);
        var before = await brand.SnapshotAsync();

        var exception = await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(activity), "activity." + reported);

        Assert.Equal(before, await brand.SnapshotAsync());
        Assert.DoesNotContain(character, exception.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_uuid_is_exactly_36_characters()
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var open = Activities.Open(customer, broadcastId);
        open.Uuid = Guid.NewGuid().ToString().ToUpperInvariant();
        await brand.EmitAsync(open);

        foreach (var bad in new[] { open.Uuid + "0", "{" + Guid.NewGuid() + "}", Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString()[..35] + "\u200B" })
        {
            open.Uuid = bad;
            await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(open), "activity.uuid");
        }
    }

    [Theory]
    [InlineData("metric_timestamp")]
    [InlineData("broadcast.broadcast_timestamp")]
    public async Task A_time_from_the_year_2000_is_taken_and_one_second_earlier_is_invalid(string field)
    {
        var (brand, customer, broadcastId) = await SetUpAsync();
        var activity = Broadcast(customer, broadcastId);
        Action<long> set = field == "metric_timestamp" ? value => activity.MetricTimestamp = value : value => activity.Broadcast.BroadcastTimestamp = value;

        set(946684800);
        await brand.EmitAsync(activity);
        set(946684799);

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(activity), "activity." + field);
    }

    [Fact]
    public async Task A_read_takes_eight_metrics_and_a_cursor_of_41_characters_and_no_more()
    {
        var brand = await fixture.NewBrandAsync();
        var eight = Enumerable.Range(1, 8).Select(i => (Metric)i).ToList();
        using var timeout = new CancellationTokenSource(Streams.Patience);

        using (await brand.StartAsync(new SubscribeRequest { FromNow = new Empty(), Metrics = { eight } }, timeout.Token))
        using (await brand.StartAsync(new SubscribeRequest { AfterCursor = $"{ulong.MaxValue}-{ulong.MaxValue}" }, timeout.Token))
        {
        }

        await brand.ExportAsync(new ExportRequest { StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)), Metrics = { eight } });
        await GrpcStatusAssert.InvalidArgumentAsync(
            () => FirstAsync(brand, new SubscribeRequest { FromNow = new Empty(), Metrics = { eight.Append(Metric.Opens) } }, timeout.Token), "metrics");
        await GrpcStatusAssert.InvalidArgumentAsync(
            () => FirstAsync(brand, new SubscribeRequest { AfterCursor = $"0{ulong.MaxValue}-{ulong.MaxValue}" }, timeout.Token), "after_cursor");
        await GrpcStatusAssert.InvalidArgumentAsync(
            () => FirstAsync(brand, new SubscribeRequest { AfterCursor = $"{ulong.MaxValue}0-0" }, timeout.Token), "after_cursor");
        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.ExportAsync(new ExportRequest
        {
            StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
            Metrics = { eight.Append(Metric.Opens) },
        }), "metrics");
    }

    [Fact]
    public async Task A_batch_of_a_thousand_bad_activities_gets_a_small_answer_listing_the_first_few_problems()
    {
        var brand = await fixture.NewBrandAsync();
        var request = new EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, 1000).Select(_ => new NewActivity { Uuid = "x", Metric = (Metric)77, MetricTimestamp = -5 }));

        var exception = await GrpcStatusAssert.InvalidArgumentAsync(() => brand.Events.EmitBatchAsync(request).ResponseAsync,
            "activities[0].uuid", "activities[0].metric", "activities[0].metric_timestamp");

        var violations = exception.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(ServiceDefaults.Errors.Problems.MaxListedViolations, violations.Count);
        Assert.Contains("more problems are not listed", violations[^1].Description);
        Assert.True(exception.Status.Detail.Length < 8_000, $"{exception.Status.Detail.Length} characters");
    }

    [Fact]
    public async Task A_batch_of_a_thousand_unknown_customers_gets_a_small_not_found()
    {
        var (brand, _, broadcastId) = await SetUpAsync();
        var request = new EmitBatchRequest();
        request.Activities.AddRange(Enumerable.Range(0, 1000).Select(i => Activities.Open(100_000 + i, broadcastId)));

        var exception = await GrpcStatusAssert.ThrowsAsync(StatusCode.NotFound, () => brand.Events.EmitBatchAsync(request).ResponseAsync);

        Assert.Equal(ServiceDefaults.Errors.Problems.MaxListedViolations, exception.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Count);
        Assert.True(exception.Status.Detail.Length < 8_000, $"{exception.Status.Detail.Length} characters");
    }

    private async Task<(TestBrand Brand, long Customer, long BroadcastId)> SetUpAsync()
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync($"{Guid.NewGuid():N}@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        return (brand, customer.Id, broadcastId);
    }

    private static async Task FirstAsync(TestBrand brand, SubscribeRequest request, CancellationToken cancellationToken)
    {
        using var call = brand.Subscribe(request, cancellationToken);
        await call.ResponseStream.MoveNext(cancellationToken);
    }

    private static NewActivity Broadcast(long customer, long broadcastId) => Activities.Broadcast(customer, broadcastId);

    private static NewActivity Open(long customer, long broadcastId) => Activities.Open(customer, broadcastId);

    private static NewActivity Click(long customer, long broadcastId) => Activities.Click(customer, broadcastId);

    private static NewActivity Bounce(long customer, long broadcastId) => Activities.Bounce(customer, broadcastId, BounceType.Soft);

    private static void SetOptions(NewActivity activity, Dictionary<string, Value> options)
    {
        activity.Broadcast.BroadcastManualOptions = new Struct();
        activity.Broadcast.BroadcastManualOptions.Fields.Add(options);
    }

    private static void SetTags(NewActivity activity, IEnumerable<string> tags)
    {
        activity.Click.Tags.Clear();
        activity.Click.Tags.AddRange(tags);
    }

    // A valid address of exactly n characters (n of 200 and more): a 64-character local part and
    // a domain of 63-character labels.
    private static string EmailAddressOfLength(int n)
    {
        var domain = n - 64 - 1;
        var last = domain - (63 + 1 + 63 + 1) - ".com".Length;
        return $"{new string('x', 64)}@{new string('d', 63)}.{new string('e', 63)}.{new string('f', last)}.com";
    }
}
