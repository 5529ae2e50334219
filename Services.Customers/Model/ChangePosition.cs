using System.Globalization;

namespace Deployteq.Customers.Model;

// A position in a brand's change feed, as Redis Streams number entries: `<ms>-<sequence>`, the
// milliseconds from the service's clock. What a watcher gets as its cursor.
public readonly record struct ChangePosition(long Milliseconds, long Sequence) : IComparable<ChangePosition>
{
    public const int MaxLength = 64;

    public static readonly ChangePosition Zero = new(0, 0);

    public static bool TryParse(string? text, out ChangePosition position)
    {
        position = Zero;
        if (text is null || text.Length > MaxLength)
        {
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = new ChangePosition(milliseconds, sequence);
        return true;
    }

    public static ChangePosition Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"Not a change position: {text}");

    // The first position of this millisecond: everything before it has passed retention.
    public static string TrimBelow(DateTimeOffset now, TimeSpan retention) =>
        new ChangePosition(Math.Max(0, (now - retention).ToUnixTimeMilliseconds()), 0).ToString();

    // The position right after this one (the first a reader that finished this one wants).
    public ChangePosition Next() => Sequence == long.MaxValue ? new(Milliseconds + 1, 0) : this with { Sequence = Sequence + 1 };

    // The position right before this one; Zero stays Zero.
    public ChangePosition Previous() => Sequence > 0 ? this with { Sequence = Sequence - 1 }
        : Milliseconds > 0 ? new(Milliseconds - 1, long.MaxValue) : Zero;

    public int CompareTo(ChangePosition other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(ChangePosition left, ChangePosition right) => left.CompareTo(right) < 0;

    public static bool operator >(ChangePosition left, ChangePosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChangePosition left, ChangePosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChangePosition left, ChangePosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Milliseconds}-{Sequence}";
}
