using Deployteq.PegaConnector.V1;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using static Deployteq.PegaConnector.Model.Limits;

namespace Deployteq.PegaConnector.Grpc;

// The checks of pegaconnector.proto's limits (Model/Limits), made here and only here.
public static class InstallationValidator
{
    public static readonly IReadOnlySet<string> UpdatePaths = new HashSet<string>(StringComparer.Ordinal)
    {
        "endpoint", "activities", "financial", "manual_option_defaults",
    };

    // The URL's form; whether its host resolves is EndpointValidator's (it needs the network).
    public static Uri? Endpoint(V1.Endpoint? endpoint, string field, RequestValidator validator, Func<string, bool> allowsHttp)
    {
        if (endpoint is null)
        {
            validator.Add(field, "is required");
            return null;
        }

        Uri? uri = null;
        if (string.IsNullOrWhiteSpace(endpoint.Url))
        {
            validator.Add($"{field}.url", "is required");
        }
        else if (endpoint.Url.Length > MaxUrlLength)
        {
            validator.Add($"{field}.url", $"must be at most {MaxUrlLength} characters");
        }
        else if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            validator.Add($"{field}.url", "must be an absolute https URL");
            uri = null;
        }
        else if (uri.UserInfo.Length > 0)
        {
            validator.Add($"{field}.url", "must not carry user info: give username and password separately");
            uri = null;
        }
        else if (uri.Scheme == "http" && !allowsHttp(uri.DnsSafeHost))
        {
            validator.Add($"{field}.url", "must use https (plain http only for hosts on the allow-list)");
            uri = null;
        }

        if (string.IsNullOrEmpty(endpoint.Username))
        {
            validator.Add($"{field}.username", "is required");
        }
        else
        {
            validator.Check(endpoint.Username.Length <= MaxUsernameLength, $"{field}.username", $"must be at most {MaxUsernameLength} characters");
            validator.Check(!endpoint.Username.Contains(':'), $"{field}.username", "must not contain ':' (Basic authentication cannot carry it)");
            validator.Check(!endpoint.Username.Any(char.IsControl), $"{field}.username", "must not contain control characters");
        }

        if (string.IsNullOrEmpty(endpoint.Password))
        {
            validator.Add($"{field}.password", "is required");
        }
        else
        {
            validator.Check(endpoint.Password.Length <= MaxPasswordLength, $"{field}.password", $"must be at most {MaxPasswordLength} characters");
        }

        return uri;
    }

    public static void Activities(IReadOnlyCollection<ActivityKind> kinds, string field, RequestValidator validator)
    {
        if (kinds.Count == 0)
        {
            validator.Add(field, "must name at least one kind of activity");
            return;
        }

        var index = 0;
        foreach (var kind in kinds)
        {
            validator.Check(kind != ActivityKind.Unspecified && System.Enum.IsDefined(kind), $"{field}[{index}]", "is not a kind of activity");
            index++;
        }

        validator.Check(kinds.Distinct().Count() == kinds.Count, field, "must not repeat a kind");
    }

    public static void Financial(Financial? financial, string field, RequestValidator validator)
    {
        if (financial is null)
        {
            return;
        }

        validator.Check(System.Enum.IsDefined(financial.InvoiceInterval), $"{field}.invoice_interval", "is not an invoice interval");
        validator.Check(financial.PoNumber.Length <= MaxPoNumberLength, $"{field}.po_number", $"must be at most {MaxPoNumberLength} characters");
        validator.Check(!financial.PoNumber.Any(char.IsControl), $"{field}.po_number", "must not contain control characters");
    }

    public static void OptionDefaults(Struct? defaults, string field, RequestValidator validator)
    {
        if (defaults is null)
        {
            return;
        }

        if (defaults.Fields.Count > MaxOptionDefaults)
        {
            validator.Add(field, $"must hold at most {MaxOptionDefaults} names");
            return;
        }

        foreach (var (name, value) in defaults.Fields)
        {
            var named = IsOptionName(name);
            if (!named)
            {
                validator.Add(field, $"names must be 1 to {MaxOptionNameLength} letters, digits, '_', '-' or '.'");
                continue;
            }

            var valid = value.KindCase switch
            {
                Value.KindOneofCase.StringValue => value.StringValue.Length <= MaxOptionValueLength,
                Value.KindOneofCase.NumberValue => double.IsFinite(value.NumberValue),
                Value.KindOneofCase.NullValue => true,
                _ => false,
            };
            validator.Check(valid, $"{field}.{name}", $"must be a string of at most {MaxOptionValueLength} characters, a finite number or null (the contract allows no other option values)");
        }
    }

    public static void Id(long id, RequestValidator validator) => validator.Positive(id, "installation_id");

    public static void PageSize(int pageSize, RequestValidator validator) => validator.PageSize(pageSize, MaxPageSize);

    public static void Selection(DeadLetterSelection? selection, RequestValidator validator)
    {
        switch (selection?.TargetCase)
        {
            case null or DeadLetterSelection.TargetOneofCase.None:
                validator.Add("selection", "is required: uuid, filter or all");
                break;
            case DeadLetterSelection.TargetOneofCase.Uuid:
                validator.Required(selection.Uuid, "selection.uuid").MaxLength(selection.Uuid, MaxUuidLength, "selection.uuid");
                break;
            case DeadLetterSelection.TargetOneofCase.Filter:
                var filter = selection.Filter;
                validator.Check(filter.Activities.Count <= MaxFilterActivities, "selection.filter.activities", $"must hold at most {MaxFilterActivities} kinds");
                for (var index = 0; index < filter.Activities.Count; index++)
                {
                    validator.Check(filter.Activities[index] != ActivityKind.Unspecified && System.Enum.IsDefined(filter.Activities[index]),
                        $"selection.filter.activities[{index}]", "is not a kind of activity");
                }

                validator.Check(filter.StatusCode == 0 || filter.StatusCode is >= 100 and <= 599, "selection.filter.status_code", "must be 0 or 100 to 599");
                break;
        }
    }

    public static void FromTime(Timestamp? time, DateTimeOffset now, RequestValidator validator)
    {
        if (time is null)
        {
            validator.Add("from_time", "is required");
            return;
        }

        var valid = time.Seconds is >= 0 and <= 253402300799 && time.Nanos is >= 0 and < 1_000_000_000;
        validator.Check(valid, "from_time", "is not a valid time");
        if (valid)
        {
            validator.Check(time.ToDateTimeOffset() <= now, "from_time", "must not be in the future");
        }
    }

    private static bool IsOptionName(string name) =>
        name.Length is > 0 and <= MaxOptionNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
