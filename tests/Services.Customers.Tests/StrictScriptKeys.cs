using System.Runtime.CompilerServices;

namespace Deployteq.Customers.Tests;

// Customers' scripts run in strict key mode in every test: a command on a key that did not come
// through KEYS fails the script (Services.Customers/Storage/Scripts/strict_keys.lua). Set before
// any test code loads the scripts.
internal static class StrictScriptKeys
{
    [ModuleInitializer]
    internal static void TurnOn() => Environment.SetEnvironmentVariable("STRICT_SCRIPT_KEYS", "1");
}
