using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Events.Model;

// What one emitted activity became. Activity is null only for a duplicate whose first copy has
// already been trimmed by retention.
public sealed record EmitOutcome(Activity? Activity, StreamCursor Position, bool Duplicate)
{
    public EmitResult ToResult() => new()
    {
        Activity = Activity,
        Cursor = Position.ToString(),
        Duplicate = Duplicate,
    };
}
