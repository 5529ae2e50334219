using Deployteq.ServiceDefaults.Lua;

namespace Deployteq.DataModel.Storage;

// The Lua scripts that keep records, their indexes, usage counts and history in one atomic step.
// EmbeddedLua reads them (Storage/Scripts/*.lua, embedded).
public static class DataModelScripts
{
    private static readonly EmbeddedLua Lua = new(typeof(DataModelScripts).Assembly);

    public static readonly string CreateModule = Lua.Script("module_create");
    public static readonly string ChangeModule = Lua.Script("module_change");
    public static readonly string UpsertRecord = Lua.Script("record_upsert");
    public static readonly string DeleteRecord = Lua.Script("record_delete");
    public static readonly string DeleteCustomer = Lua.Script("customer_delete");
}
