using System.Diagnostics;

namespace Deployteq.PegaConnector.Delivery;

// The span of one call to Pega for one activity (ActivitySource "Deployteq.PegaConnector"): a
// child of the trace its Emit was in, so the dashboard shows Events -> Customers -> connector ->
// Pega as one trace; HttpClient's own span below it carries the traceparent to the endpoint.
public static class DeliveryTrace
{
    public const string SourceName = "Deployteq.PegaConnector";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(DeliveryItem item, string installation)
    {
        var activity = Source.StartActivity("pega deliver", ActivityKind.Internal, ParentOf(item.TraceParent, item.TraceState) ?? default);
        activity?.SetTag("pega.installation", installation);
        activity?.SetTag("pega.activity.uuid", item.Uuid);
        activity?.SetTag("pega.activity.metric", item.Metric);
        activity?.SetTag("pega.attempt", item.Attempts + 1);
        return activity;
    }

    // Null for an absent or malformed context: it is ignored, never an error.
    public static ActivityContext? ParentOf(string? traceParent, string? traceState) =>
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent) ? parent : null;
}
