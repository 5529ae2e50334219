using System.Reflection;

namespace Deployteq.ServiceDefaults.Lua;

// The one way a service loads its Lua: each script is an embedded `<name>.lua` of the service's
// assembly (logical name `Scripts.<name>.lua`), read once into the text the scripts class keeps;
// StackExchange.Redis then sends each by its SHA once the server has seen it. Every script Script
// builds starts with the strict-keys prologue when STRICT_SCRIPT_KEYS=1 (the test suites set it):
// a command on a key that did not arrive through KEYS then fails the script, which Redis Cluster
// would refuse and a standalone server does not notice.
public sealed class EmbeddedLua(Assembly assembly)
{
    public const string StrictKeysVariable = "STRICT_SCRIPT_KEYS";

    // ServiceDefaults' own scripts and fragments (strict_keys.lua, the stream kit's fragments).
    internal static readonly EmbeddedLua Shared = new(typeof(EmbeddedLua).Assembly);

    private static readonly Lazy<string> Prologue = new(() =>
        Environment.GetEnvironmentVariable(StrictKeysVariable) == "1" ? Shared.Read("strict_keys") : "");

    // Whether scripts built now start with the strict-keys prologue.
    public static bool StrictKeys => Prologue.Value.Length > 0;

    // One embedded file's text, to combine with others (a shared fragment) or to fill in.
    public string Read(string name)
    {
        using var stream = assembly.GetManifestResourceStream($"Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Script {name}.lua is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd() + "\n";
    }

    // The script of one embedded file.
    public string Script(string name) => Compose(Read(name));

    // A script of several parts in this order (fragments first, then the script that uses them).
    public static string Compose(params ReadOnlySpan<string> parts) => Prologue.Value + string.Concat(parts);
}
