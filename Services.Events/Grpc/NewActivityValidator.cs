using System.Text.RegularExpressions;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using static Deployteq.Events.Model.Limits;

namespace Deployteq.Events.Grpc;

// The rules for the facts a caller gives (events.proto NewActivity), with the limits of
// Model/Limits. Field paths are those of the request, e.g. "activities[3].click.url", so a caller
// can find every offending field; no message repeats a value the caller sent.
public static partial class NewActivityValidator
{
    private const string PositiveIdRule = "must be a positive id";

    private const string TimeRule = "must be Unix seconds from 2000-01-01 (946684800) to one day ahead of the service's clock";

    // RFC 3986: a URI starts with its scheme, a letter then letters, digits, '+', '-' or '.'.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    private static readonly string[] CodeSchemes = ["javascript", "vbscript", "data"];

    public static void Validate(NewActivity? activity, string path, RequestValidator validator, long nowSeconds)
    {
        if (activity is null)
        {
            validator.Add(path, "is required");
            return;
        }

        var fields = new Fields(validator, path);
        fields.Check(activity.Uuid.Length == 0 || (activity.Uuid.Length == MaxUuidLength && Guid.TryParseExact(activity.Uuid, "D", out _)),
            "uuid", "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or empty");
        var metricKnown = activity.Metric != Metric.Unspecified && System.Enum.IsDefined(activity.Metric);
        fields.Check(metricKnown, "metric",
            "must be one of broadcasts, opens, clicks, short_links, bounces, complaints, unsubscribes, conversions");
        fields.Check(activity.MetricTimestamp == 0 || IsActivityTime(activity.MetricTimestamp, nowSeconds),
            "metric_timestamp", TimeRule + ", or 0 for now");
        fields.Check(activity.CustomerId > 0, "customer_id", PositiveIdRule);
        fields.Check(activity.BroadcastId > 0, "broadcast_id", PositiveIdRule);
        if (activity.EmailAddress.Length > 0)
        {
            if (activity.EmailAddress.Length > MaxEmailAddressLength || !IsName(activity.EmailAddress))
            {
                fields.Add("email_address", $"must be an e-mail address of at most {MaxEmailAddressLength} characters with " + NameRule);
            }
            else if (!RequestValidator.IsEmailAddress(activity.EmailAddress))
            {
                fields.Add("email_address", "is not a valid e-mail address");
            }
        }

        if (metricKnown)
        {
            ValidateDetails(activity, fields, nowSeconds);
        }
    }

    private static void ValidateDetails(NewActivity activity, Fields fields, long nowSeconds)
    {
        var metricName = PegaActivityJson.MetricName(activity.Metric);
        var (expected, required) = activity.Metric switch
        {
            Metric.Broadcasts => (NewActivity.DetailsOneofCase.Broadcast, true),
            Metric.Opens => (NewActivity.DetailsOneofCase.Open, false),
            Metric.Clicks or Metric.ShortLinks => (NewActivity.DetailsOneofCase.Click, true),
            Metric.Bounces => (NewActivity.DetailsOneofCase.Bounce, true),
            _ => (NewActivity.DetailsOneofCase.None, false),
        };

        if (activity.DetailsCase != NewActivity.DetailsOneofCase.None && activity.DetailsCase != expected)
        {
            fields.Add(DetailsField(activity.DetailsCase), $"does not belong to a {metricName} activity");
            return;
        }

        if (activity.DetailsCase == NewActivity.DetailsOneofCase.None)
        {
            if (required)
            {
                fields.Add(DetailsField(expected), $"is required for a {metricName} activity");
            }

            return;
        }

        switch (activity.DetailsCase)
        {
            case NewActivity.DetailsOneofCase.Broadcast:
                ValidateBroadcast(activity.Broadcast, fields.In("broadcast"), nowSeconds);
                break;
            case NewActivity.DetailsOneofCase.Open:
                var open = fields.In("open");
                open.MaxLength(activity.Open.UserAgent, MaxUserAgentLength, "user_agent");
                open.ServiceSets(activity.Open.Os.Length == 0, "os");
                open.ServiceSets(activity.Open.Browser.Length == 0, "browser");
                open.ServiceSets(!activity.Open.MachineGenerated, "machine_generated");
                break;
            case NewActivity.DetailsOneofCase.Click:
                ValidateClick(activity.Click, fields.In("click"));
                break;
            case NewActivity.DetailsOneofCase.Bounce:
                var bounce = activity.Bounce;
                var bounceFields = fields.In("bounce");
                bounceFields.Check(bounce.BounceType != BounceType.Unspecified && System.Enum.IsDefined(bounce.BounceType),
                    "bounce_type", "is required: hard or soft");
                if (bounce.BounceCode.Length == 0)
                {
                    bounceFields.Add("bounce_code", "is required");
                }
                else
                {
                    bounceFields.Name(bounce.BounceCode, MaxBounceCodeLength, "bounce_code");
                }

                bounceFields.MaxLength(bounce.BounceReason, MaxBounceReasonLength, "bounce_reason");
                bounceFields.ServiceSets(bounce.BounceCountHard == 0, "bounce_count_hard");
                bounceFields.ServiceSets(bounce.BounceCountSoft == 0, "bounce_count_soft");
                break;
        }
    }

    private static void ValidateBroadcast(BroadcastDetails broadcast, Fields fields, long nowSeconds)
    {
        fields.Check(broadcast.BroadcastTimestamp == 0 || IsActivityTime(broadcast.BroadcastTimestamp, nowSeconds),
            "broadcast_timestamp", TimeRule + ", or 0 for the metric timestamp");
        fields.Name(broadcast.BroadcastType, MaxBroadcastTypeLength, "broadcast_type");
        fields.Name(broadcast.BroadcastEventType, MaxBroadcastEventTypeLength, "broadcast_event_type");
        fields.Name(broadcast.SubType, MaxSubTypeLength, "sub_type");
        fields.MaxLength(broadcast.CampaignName, MaxCampaignNameLength, "campaign_name");
        fields.MaxLength(broadcast.ContentName, MaxContentNameLength, "content_name");
        fields.MaxLength(broadcast.Subject, MaxSubjectLength, "subject");
        fields.Name(broadcast.MailingType, MaxMailingTypeLength, "mailing_type");
        fields.Check(broadcast.CampaignId >= 0, "campaign_id", "must not be negative");
        fields.Check(broadcast.CampaignObjectId >= 0, "campaign_object_id", "must not be negative");
        fields.Check(broadcast.ContentId >= 0, "content_id", "must not be negative");

        var options = broadcast.BroadcastManualOptions?.Fields;
        if (options is null)
        {
            return;
        }

        const string field = "broadcast_manual_options";
        if (options.Count > MaxManualOptions)
        {
            fields.Add(field, $"may hold at most {MaxManualOptions} entries, not {options.Count}");
            return;
        }

        var position = 0;
        var characters = 0;
        foreach (var (name, value) in options)
        {
            position++;
            characters += name.Length + (value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue.Length : 0);
            if (name.Length is 0 or > MaxManualOptionKeyLength || !IsName(name))
            {
                // The key is not quoted: it may be huge or hold characters that do not print.
                fields.Add(field, $"entry {position} has a key that is not a name of 1 to {MaxManualOptionKeyLength} characters with " + NameRule);
                continue;
            }

            // The contract allows strings, numbers and null; JSON has no NaN or infinity.
            var allowed = value.KindCase is Value.KindOneofCase.StringValue or Value.KindOneofCase.NullValue
                || (value.KindCase == Value.KindOneofCase.NumberValue && double.IsFinite(value.NumberValue));
            if (!allowed)
            {
                fields.Add(field + "." + name, "must be a string, a finite number or null");
            }
            else if (value.KindCase == Value.KindOneofCase.StringValue && value.StringValue.Length > MaxManualOptionValueLength)
            {
                fields.Add(field + "." + name, $"must be at most {MaxManualOptionValueLength} characters");
            }
        }

        if (characters > MaxManualOptionsCharacters)
        {
            fields.Add(field, $"may hold at most {MaxManualOptionsCharacters} characters in all (keys and string values), not {characters}");
        }
    }

    private static void ValidateClick(ClickDetails click, Fields fields)
    {
        fields.MaxLength(click.UserAgent, MaxUserAgentLength, "user_agent");
        if (click.Url.Length == 0)
        {
            fields.Add("url", "is required");
        }
        else if (click.Url.Length > MaxUrlLength)
        {
            fields.Add("url", $"must be at most {MaxUrlLength} characters");
        }
        else if (!IsAbsoluteUri(click.Url))
        {
            fields.Add("url", "must be an absolute URI with a scheme (https:, mailto:, tel:, …) and no white space or control characters");
        }
        else
        {
            fields.Check(!RunsCodeWhereShown(click.Url), "url",
                "must not use a scheme that runs code where the link is shown (javascript:, vbscript:, data:)");
        }

        fields.MaxLength(click.Alt, MaxAltLength, "alt");
        fields.Name(click.GoogleSource, MaxGoogleFieldLength, "google_source");
        fields.Name(click.GoogleMedium, MaxGoogleFieldLength, "google_medium");
        fields.Name(click.GoogleTerm, MaxGoogleFieldLength, "google_term");
        fields.Name(click.GoogleContent, MaxGoogleFieldLength, "google_content");
        fields.Name(click.GoogleCampaign, MaxGoogleFieldLength, "google_campaign");
        fields.Check(click.LinkId >= 0, "link_id", "must not be negative");
        if (click.Tags.Count > MaxTags)
        {
            fields.Add("tags", $"may hold at most {MaxTags} tags, not {click.Tags.Count}");
        }
        else
        {
            for (var index = 0; index < click.Tags.Count; index++)
            {
                var tag = click.Tags[index];
                if (!(tag.Length is > 0 and <= MaxTagLength && IsName(tag)))
                {
                    fields.Add($"tags[{index}]", $"must be a name of 1 to {MaxTagLength} characters with " + NameRule);
                }
            }
        }

        fields.ServiceSets(click.Os.Length == 0, "os");
        fields.ServiceSets(click.Browser.Length == 0, "browser");
        fields.ServiceSets(!click.MachineGenerated, "machine_generated");
    }

    // Any absolute URI: a scheme, then what that scheme allows. Relative references (no scheme)
    // and text with white space or control characters are not links.
    private static bool IsAbsoluteUri(string url) =>
        Scheme().IsMatch(url)
        && !url.Any(character => char.IsWhiteSpace(character) || char.IsControl(character) || character == '\\')
        && Uri.TryCreate(url, UriKind.Absolute, out _);

    // A link is shown to people (the dashboard, Pega, a CRM screen) and clicked there: these schemes
    // run what follows them in the viewer's browser instead of leading anywhere.
    private static bool RunsCodeWhereShown(string url)
    {
        var scheme = url[..url.IndexOf(':')];
        return CodeSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase);
    }

    private static string DetailsField(NewActivity.DetailsOneofCase details) => details switch
    {
        NewActivity.DetailsOneofCase.Broadcast => "broadcast",
        NewActivity.DetailsOneofCase.Open => "open",
        NewActivity.DetailsOneofCase.Click => "click",
        NewActivity.DetailsOneofCase.Bounce => "bounce",
        _ => "details",
    };

    // The fields of one message of the request, under its path ("activities[3].click"). The path
    // of a field is built only for a field that breaks a rule: a batch of a thousand valid
    // activities would otherwise build some twenty strings per activity that nobody reads.
    private readonly record struct Fields(RequestValidator Validator, string Path, string? Message = null)
    {
        public Fields In(string message) => this with { Message = message };

        public void Add(string field, string description) =>
            Validator.Add(Message is null ? $"{Path}.{field}" : $"{Path}.{Message}.{field}", description);

        public void Check(bool valid, string field, string description)
        {
            if (!valid)
            {
                Add(field, description);
            }
        }

        public void MaxLength(string value, int max, string field)
        {
            if (value.Length > max)
            {
                Add(field, $"must be at most {max} characters");
            }
        }

        public void Name(string value, int max, string field)
        {
            if (value.Length > max || !IsName(value))
            {
                Add(field, $"must be at most {max} characters, with " + NameRule);
            }
        }

        // Fields the service derives; a caller setting them would be silently overruled otherwise.
        public void ServiceSets(bool unset, string field) => Check(unset, field, "is set by the service; leave it empty");
    }
}
