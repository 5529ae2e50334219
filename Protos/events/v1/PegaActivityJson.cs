using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.V1;

// The one definition of an activity's Pega wire form (shared/pega/CONTRACT.md), used by the
// Events export and by the Pega connector. It lives next to the generated Activity because it is
// that type's contract, not either service's business. Every common field is always written
// ("" / 0 when unknown) so that a Pega mapping never meets a missing field, and email_domain is
// always the domain of email_address.
public static class PegaActivityJson
{
    // Numbers above this lose precision as a double; a manual option this large stays a double.
    private const double MaxExactInteger = 9007199254740992d;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Pega gets the text as is ("é", "&"), not \u-escaped; JSON stays valid either way.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string MetricName(Metric metric) => metric switch
    {
        Metric.Broadcasts => "broadcasts",
        Metric.Opens => "opens",
        Metric.Clicks => "clicks",
        Metric.ShortLinks => "short_links",
        Metric.Bounces => "bounces",
        Metric.Complaints => "complaints",
        Metric.Unsubscribes => "unsubscribes",
        Metric.Conversions => "conversions",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a metric of the Pega contract."),
    };

    public static bool TryParseMetric(string name, out Metric metric)
    {
        foreach (var candidate in System.Enum.GetValues<Metric>())
        {
            if (candidate != Metric.Unspecified && MetricName(candidate) == name)
            {
                metric = candidate;
                return true;
            }
        }

        metric = Metric.Unspecified;
        return false;
    }

    public static string BounceTypeName(BounceType type) => type switch
    {
        BounceType.Hard => "hard",
        BounceType.Soft => "soft",
        _ => "",
    };

    // The part after the last '@'; "" when there is none.
    public static string DomainOf(string emailAddress)
    {
        var at = emailAddress.LastIndexOf('@');
        return at < 0 ? "" : emailAddress[(at + 1)..];
    }

    // One activity as a JSON object: an export line.
    public static string ToObjectJson(Activity activity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, activity);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // The body of one Pega call: an array holding exactly this one activity.
    public static byte[] ToCallBody(Activity activity)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            Write(writer, activity);
            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, Activity activity)
    {
        var broadcast = activity.Broadcast ?? new BroadcastDetails();
        writer.WriteStartObject();
        writer.WriteString("uuid", activity.Uuid);
        writer.WriteString("metric", MetricName(activity.Metric));
        writer.WriteNumber("metric_timestamp", activity.MetricTimestamp);
        writer.WriteNumber("metric_id", activity.Metric == Metric.Broadcasts ? 0 : activity.MetricId);
        writer.WriteNumber("portal_id", activity.PortalId);
        writer.WriteString("portal_name", activity.PortalName);
        writer.WriteNumber("brand_id", activity.BrandId);
        writer.WriteString("brand_name", activity.BrandName);
        writer.WriteNumber("customer_id", activity.CustomerId);
        writer.WriteString("external_id", activity.ExternalId);
        writer.WriteString("customer_email_address", activity.CustomerEmailAddress);
        writer.WriteString("email_address", activity.EmailAddress);
        writer.WriteString("email_domain", DomainOf(activity.EmailAddress));
        writer.WriteBoolean("email_address_override", activity.EmailAddressOverride);
        writer.WriteNumber("broadcast_id", activity.BroadcastId);
        writer.WriteNumber("broadcast_timestamp", broadcast.BroadcastTimestamp);
        writer.WriteString("broadcast_type", broadcast.BroadcastType);
        writer.WriteString("broadcast_event_type", broadcast.BroadcastEventType);
        writer.WriteString("sub_type", broadcast.SubType);
        writer.WriteNumber("campaign_id", broadcast.CampaignId);
        writer.WriteString("campaign_name", broadcast.CampaignName);
        writer.WriteNumber("campaign_object_id", broadcast.CampaignObjectId);
        writer.WriteNumber("content_id", broadcast.ContentId);
        writer.WriteString("content_name", broadcast.ContentName);
        writer.WriteString("subject", broadcast.Subject);
        writer.WriteString("mailing_type", broadcast.MailingType);
        writer.WriteBoolean("test_mailing", broadcast.TestMailing);
        writer.WritePropertyName("broadcast_manual_options");
        WriteStruct(writer, broadcast.BroadcastManualOptions ?? new Struct());

        switch (activity.Metric)
        {
            case Metric.Opens:
                WriteOpen(writer, activity.Open ?? new OpenDetails());
                break;
            case Metric.Clicks or Metric.ShortLinks:
                WriteClick(writer, activity.Click ?? new ClickDetails());
                break;
            case Metric.Bounces:
                WriteBounce(writer, activity.Bounce ?? new BounceDetails());
                break;
            case Metric.Complaints:
                writer.WriteNumber("complaints", (activity.Complaint ?? new ComplaintDetails()).Complaints);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteOpen(Utf8JsonWriter writer, OpenDetails open)
    {
        writer.WriteString("user_agent", open.UserAgent);
        writer.WriteString("os", open.Os);
        writer.WriteString("browser", open.Browser);
        writer.WriteBoolean("machine_generated", open.MachineGenerated);
    }

    private static void WriteClick(Utf8JsonWriter writer, ClickDetails click)
    {
        writer.WriteString("user_agent", click.UserAgent);
        writer.WriteString("os", click.Os);
        writer.WriteString("browser", click.Browser);
        writer.WriteNumber("link_id", click.LinkId);
        writer.WriteString("url", click.Url);
        writer.WriteString("alt", click.Alt);
        writer.WriteString("google_source", click.GoogleSource);
        writer.WriteString("google_medium", click.GoogleMedium);
        writer.WriteString("google_term", click.GoogleTerm);
        writer.WriteString("google_content", click.GoogleContent);
        writer.WriteString("google_campaign", click.GoogleCampaign);
        writer.WriteStartArray("tags");
        foreach (var tag in click.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
    }

    private static void WriteBounce(Utf8JsonWriter writer, BounceDetails bounce)
    {
        writer.WriteString("bounce_code", bounce.BounceCode);
        writer.WriteString("bounce_reason", bounce.BounceReason);
        writer.WriteString("bounce_type", BounceTypeName(bounce.BounceType));
        writer.WriteNumber("bounce_count_hard", bounce.BounceCountHard);
        writer.WriteNumber("bounce_count_soft", bounce.BounceCountSoft);
    }

    private static void WriteStruct(Utf8JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in value.Fields)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, field);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.NumberValue:
                WriteNumber(writer, value.NumberValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value.StructValue);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    // Struct numbers are doubles; Pega's examples have integers ("CustomerCount": 1), so a whole
    // number is written without a fraction. JSON has no NaN or infinity: those become null.
    private static void WriteNumber(Utf8JsonWriter writer, double number)
    {
        if (!double.IsFinite(number))
        {
            writer.WriteNullValue();
        }
        else if (Math.Abs(number) <= MaxExactInteger && Math.Floor(number) == number)
        {
            writer.WriteNumberValue((long)number);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }
}
