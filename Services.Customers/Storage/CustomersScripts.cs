using System.Globalization;
using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Lua;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Storage;

// The Lua scripts that keep records and their indexes in one atomic step. Every key a script
// touches arrives through KEYS (CustomersKeys names them); customer scripts share common.lua,
// which writes the change feed with the stream kit's fragment (StreamScripts).
// ServiceDefaults' EmbeddedLua reads them (Storage/Scripts/*.lua, embedded).
public static class CustomersScripts
{
    private static readonly EmbeddedLua Lua = new(typeof(CustomersScripts).Assembly);

    private static readonly string Common = Lua.Read("common")
        .Replace("@MAX_CUSTOM_FIELDS@", Limits.MaxCustomFields.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static readonly string CreateCustomer = WithCommon("create");
    public static readonly string UpdateCustomer = WithCommon("update");
    public static readonly string ImportCustomers = WithCommon("import");
    public static readonly string DeleteCustomer = WithCommon("delete");
    public static readonly string RecordMailability = WithCommon("mailability");
    public static readonly string RecordMailabilityBatch = WithCommon("mailability_batch");
    public static readonly string GetByIndex = Lua.Script("get_by_index");
    public static readonly string CreateGroup = Lua.Script("group_create");
    public static readonly string DeleteGroup = Lua.Script("group_delete");
    public static readonly string ChangeGroupMembers = Lua.Script("group_members");
    public static readonly string Authenticate = Lua.Script("authenticate");
    public static readonly string RevokeToken = Lua.Script("token_revoke");
    public static readonly string DeleteToken = Lua.Script("token_delete");
    public static readonly string DeleteApiUser = Lua.Script("user_delete");
    public static readonly string DeleteBrand = Lua.Script("brand_delete");
    public static readonly string AcknowledgeChanges = Lua.Script("follower_ack");

    private static string WithCommon(string name) => EmbeddedLua.Compose(StreamScripts.Fragment, Common, Lua.Read(name));
}
