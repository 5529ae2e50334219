using Deployteq.ServiceDefaults.Lua;

namespace Deployteq.PegaConnector.Storage;

// The connector's Lua scripts (Storage/Scripts/*.lua, embedded). Every key arrives through KEYS
// (PegaConnectorKeys names them). StackExchange.Redis sends each by its SHA once the server has
// seen it.
public static class PegaConnectorScripts
{
    private static readonly EmbeddedLua Lua = new(typeof(PegaConnectorScripts).Assembly);

    public static readonly string AcquireLease = Lua.Script("lease_acquire");
    public static readonly string RenewLease = Lua.Script("lease_renew");
    public static readonly string ReleaseLease = Lua.Script("lease_release");
    public static readonly string Claim = Lua.Script("claim");
    public static readonly string Complete = Lua.Script("complete");
    public static readonly string Redrive = Lua.Script("redrive");
    public static readonly string Purge = Lua.Script("purge");
}
