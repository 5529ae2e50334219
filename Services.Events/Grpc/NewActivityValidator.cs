using System.Text.RegularExpressions;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using static Deployteq.Events.Grpc.EventLimits;

namespace Deployteq.Events.Grpc;

// The rules for the facts a caller gives (events.proto NewActivity), with the limits of
// EventLimits. Field paths are those of the request, e.g. "activities[3].click.url", so a caller
// can find every offending field; no message repeats a value the caller sent.
public static partial class NewActivityValidator
{
    private const string TimeRule = "must be Unix seconds from 2000-01-01 (946684800) to one day ahead of the service's clock";

    // RFC 3986: a URI starts with its scheme, a letter then letters, digits, '+', '-' or '.'.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();

    public static void Validate(NewActivity? activity, string path, RequestValidator validator, long nowSeconds)
    {
        if (activity is null)
        {
            validator.Add(path, "is required");
            return;
        }

        var prefix = path + ".";
        validator.Check(activity.Uuid.Length == 0 || (activity.Uuid.Length == MaxUuidLength && Guid.TryParseExact(activity.Uuid, "D", out _)),
            prefix + "uuid", "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or empty");
        var metricKnown = activity.Metric != Metric.Unspecified && System.Enum.IsDefined(activity.Metric);
        validator.Check(metricKnown, prefix + "metric",
            "must be one of broadcasts, opens, clicks, short_links, bounces, complaints, unsubscribes, conversions");
        validator.Check(activity.MetricTimestamp == 0 || IsActivityTime(activity.MetricTimestamp, nowSeconds),
            prefix + "metric_timestamp", TimeRule + ", or 0 for now");
        validator.Positive(activity.CustomerId, prefix + "customer_id");
        validator.Positive(activity.BroadcastId, prefix + "broadcast_id");
        if (activity.EmailAddress.Length > 0)
        {
            if (activity.EmailAddress.Length > MaxEmailAddressLength || !IsName(activity.EmailAddress))
            {
                validator.Add(prefix + "email_address", $"must be an e-mail address of at most {MaxEmailAddressLength} characters with " + NameRule);
            }
            else
            {
                validator.EmailAddress(activity.EmailAddress, prefix + "email_address");
            }
        }

        if (metricKnown)
        {
            ValidateDetails(activity, prefix, validator, nowSeconds);
        }
    }

    private static void ValidateDetails(NewActivity activity, string prefix, RequestValidator validator, long nowSeconds)
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
            validator.Add(prefix + DetailsField(activity.DetailsCase), $"does not belong to a {metricName} activity");
            return;
        }

        if (activity.DetailsCase == NewActivity.DetailsOneofCase.None)
        {
            validator.Check(!required, prefix + DetailsField(expected), $"is required for a {metricName} activity");
            return;
        }

        switch (activity.DetailsCase)
        {
            case NewActivity.DetailsOneofCase.Broadcast:
                ValidateBroadcast(activity.Broadcast, prefix + "broadcast.", validator, nowSeconds);
                break;
            case NewActivity.DetailsOneofCase.Open:
                Text(validator, activity.Open.UserAgent, MaxUserAgentLength, prefix + "open.user_agent");
                ServiceSets(activity.Open.Os.Length == 0, prefix + "open.os", validator);
                ServiceSets(activity.Open.Browser.Length == 0, prefix + "open.browser", validator);
                ServiceSets(!activity.Open.MachineGenerated, prefix + "open.machine_generated", validator);
                break;
            case NewActivity.DetailsOneofCase.Click:
                ValidateClick(activity.Click, prefix + "click.", validator);
                break;
            case NewActivity.DetailsOneofCase.Bounce:
                var bounce = activity.Bounce;
                validator.Check(bounce.BounceType != BounceType.Unspecified && System.Enum.IsDefined(bounce.BounceType),
                    prefix + "bounce.bounce_type", "is required: hard or soft");
                if (bounce.BounceCode.Length == 0)
                {
                    validator.Add(prefix + "bounce.bounce_code", "is required");
                }
                else
                {
                    Name(validator, bounce.BounceCode, MaxBounceCodeLength, prefix + "bounce.bounce_code");
                }

                Text(validator, bounce.BounceReason, MaxBounceReasonLength, prefix + "bounce.bounce_reason");
                ServiceSets(bounce.BounceCountHard == 0, prefix + "bounce.bounce_count_hard", validator);
                ServiceSets(bounce.BounceCountSoft == 0, prefix + "bounce.bounce_count_soft", validator);
                break;
        }
    }

    private static void ValidateBroadcast(BroadcastDetails broadcast, string prefix, RequestValidator validator, long nowSeconds)
    {
        validator.Check(broadcast.BroadcastTimestamp == 0 || IsActivityTime(broadcast.BroadcastTimestamp, nowSeconds),
            prefix + "broadcast_timestamp", TimeRule + ", or 0 for the metric timestamp");
        Name(validator, broadcast.BroadcastType, MaxBroadcastTypeLength, prefix + "broadcast_type");
        Name(validator, broadcast.BroadcastEventType, MaxBroadcastEventTypeLength, prefix + "broadcast_event_type");
        Name(validator, broadcast.SubType, MaxSubTypeLength, prefix + "sub_type");
        Text(validator, broadcast.CampaignName, MaxCampaignNameLength, prefix + "campaign_name");
        Text(validator, broadcast.ContentName, MaxContentNameLength, prefix + "content_name");
        Text(validator, broadcast.Subject, MaxSubjectLength, prefix + "subject");
        Name(validator, broadcast.MailingType, MaxMailingTypeLength, prefix + "mailing_type");
        validator.Check(broadcast.CampaignId >= 0, prefix + "campaign_id", "must not be negative");
        validator.Check(broadcast.CampaignObjectId >= 0, prefix + "campaign_object_id", "must not be negative");
        validator.Check(broadcast.ContentId >= 0, prefix + "content_id", "must not be negative");

        var options = broadcast.BroadcastManualOptions?.Fields;
        if (options is null)
        {
            return;
        }

        var field = prefix + "broadcast_manual_options";
        if (options.Count > MaxManualOptions)
        {
            validator.Add(field, $"may hold at most {MaxManualOptions} entries, not {options.Count}");
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
                validator.Add(field, $"entry {position} has a key that is not a name of 1 to {MaxManualOptionKeyLength} characters with " + NameRule);
                continue;
            }

            // The contract allows strings, numbers and null; JSON has no NaN or infinity.
            var allowed = value.KindCase is Value.KindOneofCase.StringValue or Value.KindOneofCase.NullValue
                || (value.KindCase == Value.KindOneofCase.NumberValue && double.IsFinite(value.NumberValue));
            validator.Check(allowed, field + "." + name, "must be a string, a finite number or null");
            if (value.KindCase == Value.KindOneofCase.StringValue)
            {
                Text(validator, value.StringValue, MaxManualOptionValueLength, field + "." + name);
            }
        }

        validator.Check(characters <= MaxManualOptionsCharacters, field,
            $"may hold at most {MaxManualOptionsCharacters} characters in all (keys and string values), not {characters}");
    }

    private static void ValidateClick(ClickDetails click, string prefix, RequestValidator validator)
    {
        Text(validator, click.UserAgent, MaxUserAgentLength, prefix + "user_agent");
        if (click.Url.Length == 0)
        {
            validator.Add(prefix + "url", "is required");
        }
        else if (click.Url.Length > MaxUrlLength)
        {
            validator.Add(prefix + "url", $"must be at most {MaxUrlLength} characters");
        }
        else
        {
            validator.Check(IsAbsoluteUri(click.Url), prefix + "url",
                "must be an absolute URI with a scheme (https:, mailto:, tel:, …) and no white space or control characters");
        }

        Text(validator, click.Alt, MaxAltLength, prefix + "alt");
        Name(validator, click.GoogleSource, MaxGoogleFieldLength, prefix + "google_source");
        Name(validator, click.GoogleMedium, MaxGoogleFieldLength, prefix + "google_medium");
        Name(validator, click.GoogleTerm, MaxGoogleFieldLength, prefix + "google_term");
        Name(validator, click.GoogleContent, MaxGoogleFieldLength, prefix + "google_content");
        Name(validator, click.GoogleCampaign, MaxGoogleFieldLength, prefix + "google_campaign");
        validator.Check(click.LinkId >= 0, prefix + "link_id", "must not be negative");
        if (click.Tags.Count > MaxTags)
        {
            validator.Add(prefix + "tags", $"may hold at most {MaxTags} tags, not {click.Tags.Count}");
        }
        else
        {
            for (var index = 0; index < click.Tags.Count; index++)
            {
                var tag = click.Tags[index];
                validator.Check(tag.Length is > 0 and <= MaxTagLength && IsName(tag), $"{prefix}tags[{index}]",
                    $"must be a name of 1 to {MaxTagLength} characters with " + NameRule);
            }
        }

        ServiceSets(click.Os.Length == 0, prefix + "os", validator);
        ServiceSets(click.Browser.Length == 0, prefix + "browser", validator);
        ServiceSets(!click.MachineGenerated, prefix + "machine_generated", validator);
    }

    // Any absolute URI: a scheme, then what that scheme allows. Relative references (no scheme)
    // and text with white space or control characters are not links.
    private static bool IsAbsoluteUri(string url) =>
        Scheme().IsMatch(url)
        && !url.Any(character => char.IsWhiteSpace(character) || char.IsControl(character) || character == '\\')
        && Uri.TryCreate(url, UriKind.Absolute, out _);

    private static void Name(RequestValidator validator, string value, int max, string field)
    {
        if (value.Length > max || !IsName(value))
        {
            validator.Add(field, $"must be at most {max} characters, with " + NameRule);
        }
    }

    private static void Text(RequestValidator validator, string value, int max, string field) =>
        validator.MaxLength(value, max, field);

    // Fields the service derives; a caller setting them would be silently overruled otherwise.
    private static void ServiceSets(bool unset, string field, RequestValidator validator) =>
        validator.Check(unset, field, "is set by the service; leave it empty");

    private static string DetailsField(NewActivity.DetailsOneofCase details) => details switch
    {
        NewActivity.DetailsOneofCase.Broadcast => "broadcast",
        NewActivity.DetailsOneofCase.Open => "open",
        NewActivity.DetailsOneofCase.Click => "click",
        NewActivity.DetailsOneofCase.Bounce => "bounce",
        _ => "details",
    };
}
