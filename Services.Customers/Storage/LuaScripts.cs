using System.Reflection;

namespace Deployteq.Customers.Storage;

// The Lua scripts that keep records and their indexes in one atomic step. Customer scripts share
// common.lua; StackExchange.Redis sends each by its SHA once the server has seen it.
public static partial class LuaScripts
{
    private static readonly string Common = Load("common");

    public static readonly string CreateCustomer = Common + Load("create");
    public static readonly string UpdateCustomer = Common + Load("update");
    public static readonly string ImportCustomer = Common + Load("import");
    public static readonly string DeleteCustomer = Common + Load("delete");
    public static readonly string RecordMailability = Common + Load("mailability");
    public static readonly string GetByIndex = Load("get_by_index");
    public static readonly string CreateGroup = Load("group_create");
    public static readonly string DeleteGroup = Load("group_delete");
    public static readonly string ChangeGroupMembers = Load("group_members");
    public static readonly string Authenticate = Load("authenticate");

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Script {name}.lua is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd() + "\n";
    }
}
