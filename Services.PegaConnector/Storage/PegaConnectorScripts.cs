using System.Reflection;

namespace Deployteq.PegaConnector.Storage;

// The connector's Lua scripts (Storage/Scripts/*.lua, embedded). Every key arrives through KEYS
// (PegaConnectorKeys names them). StackExchange.Redis sends each by its SHA once the server has
// seen it.
public static class PegaConnectorScripts
{
    public static readonly string AcquireLease = Load("lease_acquire");
    public static readonly string RenewLease = Load("lease_renew");
    public static readonly string ReleaseLease = Load("lease_release");
    public static readonly string Claim = Load("claim");
    public static readonly string Complete = Load("complete");
    public static readonly string Redrive = Load("redrive");
    public static readonly string Purge = Load("purge");

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Script {name}.lua is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
