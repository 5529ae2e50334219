using System.Reflection;

namespace Deployteq.DataModel.Storage;

// The Lua scripts that keep records, their indexes, usage counts and history in one atomic step.
// StackExchange.Redis sends each by its SHA once the server has seen it.
public static class DataModelScripts
{
    public static readonly string CreateModule = Load("module_create");
    public static readonly string ChangeModule = Load("module_change");
    public static readonly string UpsertRecord = Load("record_upsert");
    public static readonly string DeleteRecord = Load("record_delete");
    public static readonly string DeleteCustomer = Load("customer_delete");

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Script {name}.lua is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
