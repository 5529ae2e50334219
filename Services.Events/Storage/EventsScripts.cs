using Deployteq.ServiceDefaults.Lua;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Storage;

// The Lua scripts that keep a brand's multi-key invariants in one atomic step (DESIGN.md "Redis"),
// one call per batch (Storage/Scripts/*.lua, embedded; EmbeddedLua reads them). A uuid marker
// holds either the stream position of the stored activity or "~<claim>" while an emit that has
// not stored yet holds it. Every key arrives through KEYS (EventsKeys names them); all of them
// carry the brand's hash tag, so a whole batch fits one cluster slot.
internal static class EventsScripts
{
    private static readonly EmbeddedLua Lua = new(typeof(EventsScripts).Assembly);

    public static readonly string Claim = Lua.Script("claim");
    public static readonly string Release = Lua.Script("release");
    public static readonly string Lookup = Lua.Script("lookup");
    public static readonly string Read = Lua.Script("read");
    // Trims and appends with the stream kit's fragment (StreamScripts).
    public static readonly string Append = EmbeddedLua.Compose(StreamScripts.Fragment, Lua.Read("append"));
}
