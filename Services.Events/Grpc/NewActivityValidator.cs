using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Grpc;

// The rules for the facts a caller gives (events.proto NewActivity). Field paths are those of
// the request, e.g. "activities[3].click.url", so a caller can find every offending field.
public static class NewActivityValidator
{
    public const int MaxUserAgentLength = 2048;
    public const int MaxUrlLength = 8192;
    public const int MaxTextLength = 1024;

    public static void Validate(NewActivity? activity, string path, RequestValidator validator)
    {
        if (activity is null)
        {
            validator.Add(path, "is required");
            return;
        }

        var prefix = path + ".";
        validator.Check(activity.Uuid.Length == 0 || Guid.TryParseExact(activity.Uuid, "D", out _),
            prefix + "uuid", "must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or empty");
        var metricKnown = activity.Metric != Metric.Unspecified && System.Enum.IsDefined(activity.Metric);
        validator.Check(metricKnown, prefix + "metric",
            "must be one of broadcasts, opens, clicks, short_links, bounces, complaints, unsubscribes, conversions");
        validator.Check(activity.MetricTimestamp >= 0, prefix + "metric_timestamp", "must be Unix seconds, or 0 for now");
        validator.Positive(activity.CustomerId, prefix + "customer_id");
        validator.Positive(activity.BroadcastId, prefix + "broadcast_id");
        if (activity.EmailAddress.Length > 0)
        {
            validator.EmailAddress(activity.EmailAddress, prefix + "email_address");
        }

        if (metricKnown)
        {
            ValidateDetails(activity, prefix, validator);
        }
    }

    private static void ValidateDetails(NewActivity activity, string prefix, RequestValidator validator)
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
                ValidateBroadcast(activity.Broadcast, prefix + "broadcast.", validator);
                break;
            case NewActivity.DetailsOneofCase.Open:
                ValidateUserAgent(activity.Open.UserAgent, prefix + "open.", validator);
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
                validator.Required(bounce.BounceCode, prefix + "bounce.bounce_code");
                validator.MaxLength(bounce.BounceCode, MaxTextLength, prefix + "bounce.bounce_code");
                validator.MaxLength(bounce.BounceReason, MaxTextLength, prefix + "bounce.bounce_reason");
                ServiceSets(bounce.BounceCountHard == 0, prefix + "bounce.bounce_count_hard", validator);
                ServiceSets(bounce.BounceCountSoft == 0, prefix + "bounce.bounce_count_soft", validator);
                break;
        }
    }

    private static void ValidateBroadcast(BroadcastDetails broadcast, string prefix, RequestValidator validator)
    {
        validator.Check(broadcast.BroadcastTimestamp >= 0, prefix + "broadcast_timestamp", "must be Unix seconds, or 0 for the metric timestamp");
        validator.Check(broadcast.CampaignId >= 0, prefix + "campaign_id", "must not be negative");
        validator.Check(broadcast.CampaignObjectId >= 0, prefix + "campaign_object_id", "must not be negative");
        validator.Check(broadcast.ContentId >= 0, prefix + "content_id", "must not be negative");
        foreach (var (name, value) in broadcast.BroadcastManualOptions?.Fields ?? [])
        {
            var field = prefix + "broadcast_manual_options." + name;
            validator.Check(name.Length > 0, field, "needs a name");
            // The contract allows strings, numbers and null; JSON has no NaN or infinity.
            var allowed = value.KindCase is Value.KindOneofCase.StringValue or Value.KindOneofCase.NullValue
                || (value.KindCase == Value.KindOneofCase.NumberValue && double.IsFinite(value.NumberValue));
            validator.Check(allowed, field, "must be a string, a finite number or null");
        }
    }

    private static void ValidateClick(ClickDetails click, string prefix, RequestValidator validator)
    {
        ValidateUserAgent(click.UserAgent, prefix, validator);
        if (click.Url.Length == 0)
        {
            validator.Add(prefix + "url", "is required");
        }
        else
        {
            var absolute = Uri.TryCreate(click.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
            validator.Check(absolute, prefix + "url", "must be an absolute http or https URL");
            validator.MaxLength(click.Url, MaxUrlLength, prefix + "url");
        }

        validator.Check(click.LinkId >= 0, prefix + "link_id", "must not be negative");
        validator.Check(click.Tags.All(tag => tag.Length > 0), prefix + "tags", "must not hold empty tags");
        ServiceSets(click.Os.Length == 0, prefix + "os", validator);
        ServiceSets(click.Browser.Length == 0, prefix + "browser", validator);
        ServiceSets(!click.MachineGenerated, prefix + "machine_generated", validator);
    }

    private static void ValidateUserAgent(string userAgent, string prefix, RequestValidator validator) =>
        validator.MaxLength(userAgent, MaxUserAgentLength, prefix + "user_agent");

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
