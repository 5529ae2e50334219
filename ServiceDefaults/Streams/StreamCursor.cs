using System.Globalization;

namespace Deployteq.ServiceDefaults.Streams;

// A position in a brand's Redis stream: the entry id `<milliseconds>-<sequence>`, which is also
// the cursor a caller sees (Customers' change feed, Events' activity stream, the connector's
// checkpoint of the latter). Ordered as Redis orders entries.
// Its string form: two unsigned 64-bit decimal numbers (Redis's own range for an id) and a dash,
// so at most 41 characters, and ToString never writes more; TryParse takes exactly that and
// nothing longer (leading zeros count), so what one service writes another reads back unchanged.
public readonly record struct StreamCursor(ulong Milliseconds, ulong Sequence) : IComparable<StreamCursor>
{
    // Two unsigned 64-bit numbers of at most 20 digits and the dash.
    public const int MaxLength = 41;

    public static readonly StreamCursor Zero = new(0, 0);

    public static readonly StreamCursor Max = new(ulong.MaxValue, ulong.MaxValue);

    public static bool TryParse(string? text, out StreamCursor position)
    {
        position = Zero;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash <= 0
            || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = new StreamCursor(milliseconds, sequence);
        return true;
    }

    public static StreamCursor Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"'{text}' is not a stream position.");

    // The first position recorded at or after this time.
    public static StreamCursor AtOrAfter(DateTimeOffset time) =>
        new((ulong)Math.Max(0, time.ToUnixTimeMilliseconds()), 0);

    // Where retention trims below: entries recorded before now - retention go; one recorded
    // exactly then stays.
    public static StreamCursor TrimBelow(DateTimeOffset now, TimeSpan retention) => AtOrAfter(now - retention);

    // The smallest position after this one: where to read on from (XRANGE is inclusive). Max has
    // none; it stays Max rather than wrapping round to the beginning.
    public StreamCursor Next() =>
        this == Max ? Max
        : Sequence == ulong.MaxValue ? new StreamCursor(Milliseconds + 1, 0)
        : this with { Sequence = Sequence + 1 };

    // The largest position before this one, for an exclusive end of a range.
    public StreamCursor Previous() =>
        Sequence > 0 ? this with { Sequence = Sequence - 1 }
        : Milliseconds > 0 ? new StreamCursor(Milliseconds - 1, ulong.MaxValue)
        : Zero;

    public int CompareTo(StreamCursor other)
    {
        var byTime = Milliseconds.CompareTo(other.Milliseconds);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(StreamCursor left, StreamCursor right) => left.CompareTo(right) < 0;

    public static bool operator >(StreamCursor left, StreamCursor right) => left.CompareTo(right) > 0;

    public static bool operator <=(StreamCursor left, StreamCursor right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StreamCursor left, StreamCursor right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
