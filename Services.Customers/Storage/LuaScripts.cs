using System.Globalization;
using System.Reflection;
using Deployteq.Customers.Model;

namespace Deployteq.Customers.Storage;

// The Lua scripts that keep records and their indexes in one atomic step. Every key a script
// touches arrives through KEYS (RedisKeys names them); customer scripts share common.lua.
// StackExchange.Redis sends each by its SHA once the server has seen it.
public static class LuaScripts
{
    // Every script starts with it when CUSTOMERS_STRICT_SCRIPT_KEYS=1 (strict_keys.lua).
    private static readonly string Prologue =
        Environment.GetEnvironmentVariable("CUSTOMERS_STRICT_SCRIPT_KEYS") == "1" ? Load("strict_keys") : "";

    private static readonly string Common = Load("common")
        .Replace("@MAX_CUSTOM_FIELDS@", Limits.MaxCustomFields.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static readonly string CreateCustomer = Prologue + Common + Load("create");
    public static readonly string UpdateCustomer = Prologue + Common + Load("update");
    public static readonly string ImportCustomers = Prologue + Common + Load("import");
    public static readonly string DeleteCustomer = Prologue + Common + Load("delete");
    public static readonly string RecordMailability = Prologue + Common + Load("mailability");
    public static readonly string RecordMailabilityBatch = Prologue + Common + Load("mailability_batch");
    public static readonly string GetByIndex = Prologue + Load("get_by_index");
    public static readonly string CreateGroup = Prologue + Load("group_create");
    public static readonly string DeleteGroup = Prologue + Load("group_delete");
    public static readonly string ChangeGroupMembers = Prologue + Load("group_members");
    public static readonly string Authenticate = Prologue + Load("authenticate");
    public static readonly string RevokeToken = Prologue + Load("token_revoke");
    public static readonly string DeleteToken = Prologue + Load("token_delete");
    public static readonly string DeleteApiUser = Prologue + Load("user_delete");
    public static readonly string DeleteBrand = Prologue + Load("brand_delete");
    public static readonly string TrimChanges = Prologue + Load("changes_trim");
    public static readonly string AcknowledgeChanges = Prologue + Load("follower_ack");

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"Script {name}.lua is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd() + "\n";
    }
}
