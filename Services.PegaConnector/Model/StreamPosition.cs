using System.Globalization;

namespace Deployteq.PegaConnector.Model;

// An Events cursor (a Redis Stream id, <milliseconds>-<sequence>), ordered as the stream is.
public readonly record struct StreamPosition(ulong Milliseconds, ulong Sequence) : IComparable<StreamPosition>
{
    public static bool TryParse(string? text, out StreamPosition position)
    {
        position = default;
        var dash = text?.IndexOf('-') ?? -1;
        if (dash <= 0
            || !ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        position = new StreamPosition(milliseconds, sequence);
        return true;
    }

    public int CompareTo(StreamPosition other)
    {
        var byTime = Milliseconds.CompareTo(other.Milliseconds);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
