namespace Deployteq.TestSupport;

// The last lines a child process wrote, to say why it stopped; older lines are dropped.
public sealed class RecentOutput
{
    private const int Capacity = 20;
    private readonly Queue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > Capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public bool Contains(string text)
    {
        lock (_lines)
        {
            return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join(" | ", _lines);
        }
    }
}
