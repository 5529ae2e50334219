using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Deployteq.EndToEnd.Tests;

// The dashboard's JSON API as a script uses it, with the browser token as a bearer header.
public sealed class DashboardClient(Uri dashboard, string? token = AppHostProcess.DashboardToken) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http = Create(dashboard, token);

    public HttpClient Http => _http;

    public async Task<IReadOnlyList<ResourceView>> ResourcesAsync() =>
        (await _http.GetFromJsonAsync<List<ResourceView>>("/api/resources", Json))!;

    public async Task<ResourceView> ResourceAsync(string name) => (await ResourcesAsync()).Single(r => r.Name == name);

    public Task<HttpResponseMessage> CommandAsync(string resource, string command) =>
        _http.PostAsync($"/api/resources/{resource}/commands/{command}", null);

    // The server-sent resource changes, read with the framework's SSE parser.
    public async IAsyncEnumerable<ResourceView> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/api/resources/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == "resource")
            {
                yield return JsonSerializer.Deserialize<ResourceView>(item.Data, Json)!;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient Create(Uri dashboard, string? token)
    {
        var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return http;
    }
}

public sealed record ResourceView(string Name, string Kind, string State, string Health, int? ExitCode, int? ProcessId, int Restarts, List<EndpointView> Endpoints, string? Message);

public sealed record EndpointView(string Name, string Url);
