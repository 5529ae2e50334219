using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.DataModel.Model;

// Every limit of the data-model API, written in datamodel.proto and enforced here only.
public static partial class Limits
{
    public const int MaxNameLength = 63;
    public const int MaxModulesPerBrand = 50;
    public const int MaxFieldsPerModule = 100;
    public const int MaxKeyLength = 128;
    public const int MaxStringValueLength = 1000;
    public const int MaxDecimalIntegerDigits = 18;
    public const int MaxDecimalFractionDigits = 8;
    public const int MaxBatchRecords = 1000;
    public const int MaxHistoryEntries = 100;
    public const int MaxReportedRejections = 1000;
    public const int MaxPageTokenLength = 200;

    // A status message quotes at most this much of any value it names.
    public const int QuotedPrefixLength = 32;

    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, the range RFC 3339 can write.
    public const long MinTimestampSeconds = -62_135_596_800;
    public const long MaxTimestampSeconds = 253_402_300_799;

    public static bool IsName(string value) => value.Length is > 0 and <= MaxNameLength && NamePattern().IsMatch(value);

    public static bool IsKey(string value) => value.Length is > 0 and <= MaxKeyLength && KeyPattern().IsMatch(value);

    public static bool IsDecimal(string value)
    {
        var match = DecimalPattern().Match(value);
        return match.Success
            && match.Groups["int"].Length <= MaxDecimalIntegerDigits
            && match.Groups["frac"].Length <= MaxDecimalFractionDigits;
    }

    public static bool IsTimestamp(Timestamp value) =>
        value.Seconds is >= MinTimestampSeconds and <= MaxTimestampSeconds && value.Nanos is >= 0 and <= 999_999_999;

    public static bool IsText(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    // A short, printable prefix of a value for a status message.
    public static string Quote(string value)
    {
        var prefix = value.Length <= QuotedPrefixLength ? value : value[..QuotedPrefixLength] + "…";
        return "'" + new string(prefix.Select(c => char.IsControl(c) ? '?' : c).ToArray()) + "'";
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9._:@+~-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^-?(?<int>0|[1-9][0-9]*)(\.(?<frac>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();
}
