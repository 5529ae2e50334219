using System.Text.Json;

namespace Deployteq.PegaStandIn;

// Checks a call body against shared/pega/CONTRACT.md: an array holding exactly one object, every
// common field with its JSON type, exactly the extra fields of its metric, nothing else.
public static class ContractValidator
{
    private enum Kind
    {
        String,
        Integer,
        Boolean,
        Object,
        StringArray,
    }

    private static readonly Dictionary<string, Kind> Common = new(StringComparer.Ordinal)
    {
        ["uuid"] = Kind.String, ["metric"] = Kind.String, ["metric_timestamp"] = Kind.Integer, ["metric_id"] = Kind.Integer,
        ["portal_id"] = Kind.Integer, ["portal_name"] = Kind.String, ["brand_id"] = Kind.Integer, ["brand_name"] = Kind.String,
        ["customer_id"] = Kind.Integer, ["external_id"] = Kind.String, ["customer_email_address"] = Kind.String,
        ["email_address"] = Kind.String, ["email_domain"] = Kind.String, ["email_address_override"] = Kind.Boolean,
        ["broadcast_id"] = Kind.Integer, ["broadcast_timestamp"] = Kind.Integer, ["broadcast_type"] = Kind.String,
        ["broadcast_event_type"] = Kind.String, ["sub_type"] = Kind.String, ["campaign_id"] = Kind.Integer,
        ["campaign_name"] = Kind.String, ["campaign_object_id"] = Kind.Integer, ["content_id"] = Kind.Integer,
        ["content_name"] = Kind.String, ["subject"] = Kind.String, ["mailing_type"] = Kind.String,
        ["test_mailing"] = Kind.Boolean, ["broadcast_manual_options"] = Kind.Object,
    };

    private static readonly Dictionary<string, Kind> Open = new(StringComparer.Ordinal)
    {
        ["user_agent"] = Kind.String, ["os"] = Kind.String, ["browser"] = Kind.String, ["machine_generated"] = Kind.Boolean,
    };

    private static readonly Dictionary<string, Kind> Click = new(StringComparer.Ordinal)
    {
        ["user_agent"] = Kind.String, ["os"] = Kind.String, ["browser"] = Kind.String, ["link_id"] = Kind.Integer,
        ["url"] = Kind.String, ["alt"] = Kind.String, ["google_source"] = Kind.String, ["google_medium"] = Kind.String,
        ["google_term"] = Kind.String, ["google_content"] = Kind.String, ["google_campaign"] = Kind.String, ["tags"] = Kind.StringArray,
    };

    private static readonly Dictionary<string, Kind> Bounce = new(StringComparer.Ordinal)
    {
        ["bounce_code"] = Kind.String, ["bounce_reason"] = Kind.String, ["bounce_type"] = Kind.String,
        ["bounce_count_hard"] = Kind.Integer, ["bounce_count_soft"] = Kind.Integer,
    };

    private static readonly Dictionary<string, Kind> Complaint = new(StringComparer.Ordinal) { ["complaints"] = Kind.Integer };

    private static readonly Dictionary<string, Kind> None = new(StringComparer.Ordinal);

    // The activity (a clone, safe to keep) when the body is valid; otherwise the reason.
    public static bool TryValidate(ReadOnlySpan<byte> body, out JsonElement activity, out string reason)
    {
        activity = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            reason = "the body is not JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 1 || root[0].ValueKind != JsonValueKind.Object)
            {
                reason = "the body must be an array holding exactly one object";
                return false;
            }

            activity = root[0].Clone();
        }

        reason = Check(activity) ?? "";
        return reason.Length == 0;
    }

    private static string? Check(JsonElement activity)
    {
        if (!activity.TryGetProperty("metric", out var metricElement) || metricElement.ValueKind != JsonValueKind.String)
        {
            return "metric is missing or not a string";
        }

        var metric = metricElement.GetString();
        var extras = metric switch
        {
            "broadcasts" or "unsubscribes" or "conversions" => None,
            "opens" => Open,
            "clicks" or "short_links" => Click,
            "bounces" => Bounce,
            "complaints" => Complaint,
            _ => null,
        };
        if (extras is null)
        {
            return $"metric '{metric}' is not one of the contract";
        }

        foreach (var (name, kind) in Common.Concat(extras))
        {
            if (!activity.TryGetProperty(name, out var value))
            {
                return $"{name} is missing";
            }

            if (!HasKind(value, kind))
            {
                return $"{name} is not a {kind}";
            }
        }

        foreach (var property in activity.EnumerateObject())
        {
            if (!Common.ContainsKey(property.Name) && !extras.ContainsKey(property.Name))
            {
                return $"{property.Name} is not a field of a {metric} activity";
            }
        }

        if (!Guid.TryParse(activity.GetProperty("uuid").GetString(), out _))
        {
            return "uuid is not a UUID";
        }

        var address = activity.GetProperty("email_address").GetString()!;
        var at = address.LastIndexOf('@');
        if (activity.GetProperty("email_domain").GetString() != (at < 0 ? "" : address[(at + 1)..]))
        {
            return "email_domain is not the domain of email_address";
        }

        if (metric == "broadcasts" && activity.GetProperty("metric_id").GetInt64() != 0)
        {
            return "metric_id of a broadcast must be 0";
        }

        if (metric == "bounces" && activity.GetProperty("bounce_type").GetString() is not ("hard" or "soft"))
        {
            return "bounce_type must be hard or soft";
        }

        foreach (var option in activity.GetProperty("broadcast_manual_options").EnumerateObject())
        {
            if (option.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            {
                return $"broadcast_manual_options.{option.Name} is not a string, number or null";
            }
        }

        return null;
    }

    private static bool HasKind(JsonElement value, Kind kind) => kind switch
    {
        Kind.String => value.ValueKind == JsonValueKind.String,
        Kind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        Kind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        Kind.Object => value.ValueKind == JsonValueKind.Object,
        Kind.StringArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String),
        _ => false,
    };
}
