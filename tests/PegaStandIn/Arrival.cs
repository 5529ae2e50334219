using System.Text.Json;

namespace Deployteq.PegaStandIn;

// One accepted call: what came, and the headers the contract asks for.
public sealed record Arrival(JsonElement Activity, string? Authorization, string? IdempotencyKey, string? UserAgent, string? ContentType, long Timestamp);
