using System.Text.Json;

namespace Deployteq.PegaStandIn;

// The first accepted call of a uuid: what came, the headers the contract asks for, and the W3C
// traceparent it carried (null when none).
public sealed record Arrival(JsonElement Activity, string? Authorization, string? IdempotencyKey, string? UserAgent, string? ContentType, string? TraceParent, long Timestamp);
