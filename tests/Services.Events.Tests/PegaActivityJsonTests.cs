using System.Text.Json;
using System.Text.Json.Nodes;
using Deployteq.Events.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Tests;

// The Pega wire form against shared/pega/CONTRACT.md and its examples, field by field.
public sealed class PegaActivityJsonTests
{
    // CONTRACT.md "Fields every activity carries", with their JSON kinds.
    private static readonly Dictionary<string, JsonValueKind> CommonFields = new()
    {
        ["uuid"] = JsonValueKind.String, ["metric"] = JsonValueKind.String, ["metric_timestamp"] = JsonValueKind.Number,
        ["metric_id"] = JsonValueKind.Number, ["portal_id"] = JsonValueKind.Number, ["portal_name"] = JsonValueKind.String,
        ["brand_id"] = JsonValueKind.Number, ["brand_name"] = JsonValueKind.String, ["customer_id"] = JsonValueKind.Number,
        ["external_id"] = JsonValueKind.String, ["customer_email_address"] = JsonValueKind.String,
        ["email_address"] = JsonValueKind.String, ["email_domain"] = JsonValueKind.String,
        ["email_address_override"] = JsonValueKind.False, ["broadcast_id"] = JsonValueKind.Number,
        ["broadcast_timestamp"] = JsonValueKind.Number, ["broadcast_type"] = JsonValueKind.String,
        ["broadcast_event_type"] = JsonValueKind.String, ["sub_type"] = JsonValueKind.String,
        ["campaign_id"] = JsonValueKind.Number, ["campaign_name"] = JsonValueKind.String,
        ["campaign_object_id"] = JsonValueKind.Number, ["content_id"] = JsonValueKind.Number,
        ["content_name"] = JsonValueKind.String, ["subject"] = JsonValueKind.String, ["mailing_type"] = JsonValueKind.String,
        ["test_mailing"] = JsonValueKind.False, ["broadcast_manual_options"] = JsonValueKind.Object,
    };

    // CONTRACT.md "Extra fields per metric".
    private static readonly Dictionary<string, string[]> ExtraFields = new()
    {
        ["broadcasts"] = [],
        ["opens"] = ["user_agent", "os", "browser", "machine_generated"],
        ["clicks"] = ClickFields,
        ["short_links"] = ClickFields,
        ["bounces"] = ["bounce_code", "bounce_reason", "bounce_type", "bounce_count_hard", "bounce_count_soft"],
        ["complaints"] = ["complaints"],
        ["unsubscribes"] = [],
        ["conversions"] = [],
    };

    private static string[] ClickFields =>
    [
        "user_agent", "os", "browser", "link_id", "url", "alt", "google_source", "google_medium", "google_term",
        "google_content", "google_campaign", "tags",
    ];

    public static IEnumerable<object[]> Examples => PegaExamples.Names;

    public static IEnumerable<object[]> Metrics =>
        System.Enum.GetValues<Metric>().Where(metric => metric != Metric.Unspecified).Select(metric => new object[] { metric });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_field_of_an_example_comes_out_with_its_value_and_json_type(string example)
    {
        var expected = PegaExamples.Load(example);
        var activity = FromExample(expected);

        var body = JsonNode.Parse(PegaActivityJson.ToCallBody(activity))!.AsArray();
        var actual = Assert.Single(body)!.AsObject();

        foreach (var (name, value) in expected)
        {
            Assert.True(actual.ContainsKey(name), $"{example}: '{name}' is missing");
            if (name == "email_domain")
            {
                // The examples are not consistent here (CONTRACT.md); ours follows the address.
                Assert.Equal(PegaActivityJson.DomainOf((string)actual["email_address"]!), (string)actual[name]!);
                continue;
            }

            Assert.True(JsonNode.DeepEquals(value, actual[name]), $"{example}: '{name}' is {actual[name]?.ToJsonString()}, expected {value?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_comes_out_with_every_common_field_and_exactly_its_metrics_extras(string example)
    {
        var activity = FromExample(PegaExamples.Load(example));

        var actual = JsonNode.Parse(PegaActivityJson.ToObjectJson(activity))!.AsObject();

        AssertShape(actual, PegaActivityJson.MetricName(activity.Metric));
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void An_activity_with_nothing_known_still_carries_every_field_as_empty_or_zero(Metric metric)
    {
        var actual = JsonNode.Parse(PegaActivityJson.ToObjectJson(new Activity { Metric = metric }))!.AsObject();

        AssertShape(actual, PegaActivityJson.MetricName(metric));
        foreach (var (name, kind) in CommonFields)
        {
            var expected = kind switch
            {
                JsonValueKind.String => name == "metric" ? PegaActivityJson.MetricName(metric) : "",
                JsonValueKind.Number => (JsonNode)0,
                JsonValueKind.False => false,
                _ => new JsonObject(),
            };
            Assert.True(JsonNode.DeepEquals(expected, actual[name]), $"'{name}' is {actual[name]?.ToJsonString()}");
        }
    }

    [Fact]
    public void Manual_options_keep_strings_whole_numbers_fractions_and_nulls()
    {
        var activity = new Activity
        {
            Metric = Metric.Opens,
            Broadcast = new BroadcastDetails
            {
                BroadcastManualOptions = new Struct
                {
                    Fields =
                    {
                        ["UniqueOfferId"] = Value.ForString("OFFER-17"),
                        ["InteractionId"] = Value.ForNumber(1234567890123),
                        ["Share"] = Value.ForNumber(0.25),
                        ["Negative"] = Value.ForNumber(-3),
                        ["campagne"] = Value.ForNull(),
                    },
                },
            },
        };

        var json = PegaActivityJson.ToObjectJson(activity);

        Assert.Contains("\"broadcast_manual_options\":{\"UniqueOfferId\":\"OFFER-17\",\"InteractionId\":1234567890123,\"Share\":0.25,\"Negative\":-3,\"campagne\":null}", json);
    }

    [Fact]
    public void A_call_body_is_an_array_holding_exactly_one_object()
    {
        var body = JsonDocument.Parse(PegaActivityJson.ToCallBody(new Activity { Metric = Metric.Broadcasts, Uuid = "u" }));

        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        Assert.Equal(1, body.RootElement.GetArrayLength());
        Assert.Equal("u", body.RootElement[0].GetProperty("uuid").GetString());
    }

    [Fact]
    public void The_email_domain_is_the_domain_of_the_address_the_mail_went_to()
    {
        var activity = new Activity
        {
            Metric = Metric.Broadcasts,
            CustomerEmailAddress = "person@deployteq.com",
            EmailAddress = "other@teamitg.com",
            EmailDomain = "stale.example",
        };

        var actual = JsonNode.Parse(PegaActivityJson.ToObjectJson(activity))!;

        Assert.Equal("teamitg.com", (string)actual["email_domain"]!);
    }

    private static void AssertShape(JsonObject actual, string metric)
    {
        var expectedNames = CommonFields.Keys.Concat(ExtraFields[metric]).Order().ToList();
        Assert.Equal(expectedNames, actual.Select(property => property.Key).Order().ToList());
        foreach (var (name, kind) in CommonFields)
        {
            var actualKind = actual[name]!.GetValueKind();
            Assert.True(actualKind == kind || (kind == JsonValueKind.False && actualKind == JsonValueKind.True),
                $"'{name}' is a {actualKind}, the contract says {kind}");
        }
    }

    // The example's values put into an Activity by field name (the proto uses the contract's
    // names): a contract field the proto lacks fails here.
    private static Activity FromExample(JsonObject example)
    {
        var activity = new Activity { Broadcast = new BroadcastDetails() };
        Assert.True(PegaActivityJson.TryParseMetric((string)example["metric"]!, out var metric));
        activity.Metric = metric;
        IMessage? details = metric switch
        {
            Metric.Opens => activity.Open = new OpenDetails(),
            Metric.Clicks or Metric.ShortLinks => activity.Click = new ClickDetails(),
            Metric.Bounces => activity.Bounce = new BounceDetails(),
            Metric.Complaints => activity.Complaint = new ComplaintDetails(),
            _ => null,
        };

        foreach (var (name, value) in example)
        {
            if (name is "metric" or "email_domain")
            {
                continue;
            }

            var target = new IMessage?[] { activity, activity.Broadcast, details }
                .FirstOrDefault(message => message?.Descriptor.FindFieldByName(name) is not null);
            Assert.True(target is not null, $"The proto has no field '{name}'");
            Set(target!, target!.Descriptor.FindFieldByName(name), value);
        }

        return activity;
    }

    private static void Set(IMessage message, FieldDescriptor field, JsonNode? value)
    {
        if (field.IsRepeated)
        {
            var list = (System.Collections.IList)field.Accessor.GetValue(message);
            foreach (var item in value!.AsArray())
            {
                list.Add((string)item!);
            }

            return;
        }

        object converted = field.FieldType switch
        {
            FieldType.Int64 => (long)value!,
            FieldType.Int32 => (int)value!,
            FieldType.Bool => (bool)value!,
            FieldType.String => (string)value!,
            FieldType.Enum when field.EnumType.ClrType == typeof(BounceType) => (string)value! == "hard" ? BounceType.Hard : BounceType.Soft,
            FieldType.Message when field.MessageType == Struct.Descriptor => JsonParser.Default.Parse<Struct>(value!.ToJsonString()),
            _ => throw new NotSupportedException($"{field.Name}: {field.FieldType}"),
        };
        field.Accessor.SetValue(message, converted);
    }
}
