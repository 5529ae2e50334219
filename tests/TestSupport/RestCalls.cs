using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Deployteq.TestSupport;

// A REST/JSON call as a caller makes it: an optional bearer token, an optional JSON body; the
// answer with its status, body and (when the body is JSON) the parsed document.
public static class RestCalls
{
    public static async Task<RestAnswer> RestAsync(this HttpClient http, HttpMethod method, string path, string? json, string? bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var parsed = contentType == "application/json" && body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default;
        return new RestAnswer(response.StatusCode, body, parsed, contentType);
    }
}

public sealed record RestAnswer(HttpStatusCode Status, string Body, JsonElement Json, string? ContentType = null)
{
    // The google.rpc.Status body of an error: its code, and the fields its BadRequest names.
    public int Code => Json.GetProperty("code").GetInt32();

    public IReadOnlyList<string> FieldViolations =>
        Json.TryGetProperty("details", out var details)
            ? details.EnumerateArray()
                .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest")
                .SelectMany(d => d.GetProperty("fieldViolations").EnumerateArray())
                .Select(v => v.GetProperty("field").GetString()!)
                .ToList()
            : [];
}
