namespace Deployteq.AppHost.Hosting;

// Every resource's lines on one console, each prefixed with its resource's name.
public sealed class ConsoleOutput
{
    private static readonly string[] Colors = ["\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[32m", "\u001b[34m", "\u001b[91m"];
    private const string Reset = "\u001b[0m";

    private readonly Lock _gate = new();
    private readonly bool _color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private readonly Dictionary<string, string> _colorOf = new(StringComparer.Ordinal);
    private int _width = 7;

    public void Register(string resource)
    {
        lock (_gate)
        {
            _colorOf[resource] = Colors[_colorOf.Count % Colors.Length];
            _width = Math.Max(_width, resource.Length);
        }
    }

    public void Line(string resource, string text)
    {
        lock (_gate)
        {
            var name = resource.PadRight(_width);
            Console.Out.WriteLine(_color && _colorOf.TryGetValue(resource, out var color) ? $"{color}{name}{Reset} | {text}" : $"{name} | {text}");
            Console.Out.Flush();
        }
    }

    public void Host(string text) => Line("apphost", text);
}
