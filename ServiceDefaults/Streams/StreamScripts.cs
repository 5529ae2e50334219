using Deployteq.ServiceDefaults.Lua;

namespace Deployteq.ServiceDefaults.Streams;

// The writing half of a brand's stream, once for every service that keeps one (Customers' change
// feed, Events' activity stream): stream.lua defines stream_trim (the fast trim probe, keeping the
// trimmed-through mark) and stream_append (one clock rule for ids). A service's writing scripts
// start with Fragment; the retention sweep runs Trim.
public static class StreamScripts
{
    // Put before a script that calls stream_trim or stream_append (EmbeddedLua.Compose).
    public static readonly string Fragment = EmbeddedLua.Shared.Read("stream");

    // KEYS: the stream, its trimmed-through. ARGV: trim below (a position). Returns how many went.
    public static readonly string Trim = EmbeddedLua.Compose(Fragment, EmbeddedLua.Shared.Read("stream_trim"));
}
