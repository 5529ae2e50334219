using System.Diagnostics;

namespace Deployteq.Events.Model;

// The W3C trace context of the call that emitted an activity, kept with it in the stream so that
// whoever delivers it (the Pega connector) continues the same trace. Empty when the emit had none.
public readonly record struct EmitTrace(string? Parent, string? State)
{
    // "00-<32 hex>-<16 hex>-<2 hex>"; a tracestate is at most 512 characters (W3C).
    public const int MaxParentLength = 55;
    public const int MaxStateLength = 512;

    public static EmitTrace Current() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { Length: <= MaxParentLength } id } activity
            ? new EmitTrace(id, activity.TraceStateString is { Length: <= MaxStateLength } state ? state : "")
            : default;
}
