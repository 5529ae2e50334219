using System.Runtime.CompilerServices;

namespace Deployteq.TestSupport;

// Compiled into every service's test suite (each links this file; TestSupport itself leaves it
// out): the services' Lua scripts run in strict key mode there, so a command on a key that did
// not come through KEYS fails the script (ServiceDefaults/Lua/strict_keys.lua). Set as the
// suite's assembly loads, before any script is read; a connector process a test starts inherits
// it. Not in the TestSupport library, so that the benchmarks, which use it too, measure the
// scripts as production runs them.
internal static class StrictScriptKeys
{
    [ModuleInitializer]
    internal static void TurnOn() => Environment.SetEnvironmentVariable(ServiceDefaults.Lua.EmbeddedLua.StrictKeysVariable, "1");
}
