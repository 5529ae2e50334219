using System.Buffers;
using System.Globalization;
using System.Text;

namespace Deployteq.Events.Model;

// Every limit of events.proto, written there at each field and checked only by the validators of
// Grpc/, before anything is stored.
public static class Limits
{
    public const int MaxBatchSize = 1000;

    public const int MaxUuidLength = 36;
    public const int MaxEmailAddressLength = 254;

    public const int MaxBroadcastTypeLength = 16;
    public const int MaxBroadcastEventTypeLength = 32;
    public const int MaxSubTypeLength = 32;
    public const int MaxCampaignNameLength = 255;
    public const int MaxContentNameLength = 255;

    // The longest line RFC 5322 allows.
    public const int MaxSubjectLength = 998;
    public const int MaxMailingTypeLength = 64;

    public const int MaxManualOptions = 50;
    public const int MaxManualOptionKeyLength = 64;
    public const int MaxManualOptionValueLength = 1024;

    // Keys and string values together. Every open, click and bounce repeats its recipient's
    // options, so they are bounded as a whole, not only per entry: 50 values of 1,024 characters
    // made 150 KB on each of a thousand opens.
    public const int MaxManualOptionsCharacters = 4096;

    public const int MaxUserAgentLength = 2048;
    public const int MaxUrlLength = 8192;
    public const int MaxAltLength = 1024;
    public const int MaxGoogleFieldLength = 255;
    public const int MaxTags = 50;
    public const int MaxTagLength = 100;

    public const int MaxBounceCodeLength = 32;
    public const int MaxBounceReasonLength = 1024;

    // Every metric once; more entries can only repeat one.
    public const int MaxMetrics = 8;

    // 2000-01-01T00:00:00Z: no e-mail activity of this platform is older.
    public const long EarliestTime = 946684800;

    // How far ahead of the service's clock a caller's clock may run.
    public const long MaxSecondsAhead = 86400;

    public const string NameRule = "no control or format characters (such as NUL, U+200B, U+202E) and no white space at either end";

    // "A name" in events.proto: what may stand in an identifier, code, key or tag.
    public static bool IsName(string value)
    {
        if (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
        {
            return false;
        }

        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            // A lone surrogate half is not text at all.
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                return false;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    // A time (Unix seconds) that an e-mail activity can have, by the service's clock.
    public static bool IsActivityTime(long unixSeconds, long nowSeconds) =>
        unixSeconds >= EarliestTime && unixSeconds <= nowSeconds + MaxSecondsAhead;
}
