using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployteq.PegaStandIn;

// A real HTTP server standing in for Pega's REST API: `POST /pega/<endpoint>` accepts one activity
// per call after checking Basic authentication and the body against the contract, and counts
// uuids and duplicates. `/control/...` lets another process add endpoints, read their counts and
// set faults. Used as a library by tests and benchmarks, and as a process (Program.cs).
public sealed class StandInServer : IAsyncDisposable
{
    private const int MaxBodyBytes = 1 << 20;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, StandInEndpoint> _endpoints = new(StringComparer.Ordinal);

    private StandInServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<StandInServer> StartAsync(int port = 0, bool logToConsole = false, Action<WebApplicationBuilder>? configure = null)
    {
        port = port == 0 ? FreePort() : port;
        var builder = WebApplication.CreateSlimBuilder();
        // Only what is set here: the host's appsettings.json (a test's output folder holds the
        // services' ones, with their Kestrel endpoints) must not move the stand-in.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Logging.ClearProviders();
        if (logToConsole)
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        var server = new StandInServer(app, port);
        server.Map(app);
        await app.StartAsync();
        return server;
    }

    public StandInEndpoint AddEndpoint(string username = "pega", string password = "secret", string? name = null)
    {
        var endpoint = new StandInEndpoint(name ?? Guid.NewGuid().ToString("N")[..12], username, password);
        _endpoints[endpoint.Name] = endpoint;
        return endpoint;
    }

    public string UrlOf(StandInEndpoint endpoint) => $"{BaseUrl}/pega/{endpoint.Name}";

    public StandInEndpoint? Find(string name) => _endpoints.GetValueOrDefault(name);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/pega/{name}", async (string name, HttpContext context) =>
        {
            if (!_endpoints.TryGetValue(name, out var endpoint))
            {
                return Results.NotFound();
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers;
            var (status, body, retryAfter) = await endpoint.HandleAsync(
                buffer.ToArray(), headers.Authorization, headers["Idempotency-Key"], headers.UserAgent, headers.ContentType, headers["traceparent"],
                context.RequestAborted);
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            return Results.Text(body, statusCode: status);
        });

        app.MapPost("/control/endpoints", (EndpointRequest request) =>
        {
            var endpoint = AddEndpoint(request.Username ?? "pega", request.Password ?? "secret", request.Name);
            return Results.Json(new { name = endpoint.Name, url = UrlOf(endpoint) });
        });
        app.MapGet("/control/endpoints/{name}", (string name) =>
            _endpoints.TryGetValue(name, out var endpoint) ? Results.Json(endpoint.Stats()) : Results.NotFound());
        app.MapPut("/control/endpoints/{name}/fault", (string name, FaultRequest request) =>
        {
            if (!_endpoints.TryGetValue(name, out var endpoint))
            {
                return Results.NotFound();
            }

            endpoint.SetFault(new Fault
            {
                Status = request.Status ?? 503,
                RetryAfter = request.RetryAfter,
                Hang = TimeSpan.FromSeconds(request.HangSeconds ?? 0),
                Calls = request.Calls,
                Until = request.Seconds is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(seconds) : null,
            });
            return Results.NoContent();
        });
        // Plays a real Pega: latency (fixed plus uniform jitter) and a capacity above which calls
        // get 429 with Retry-After at once.
        app.MapPut("/control/endpoints/{name}/pace", (string name, PaceRequest request) =>
        {
            if (!_endpoints.TryGetValue(name, out var endpoint))
            {
                return Results.NotFound();
            }

            endpoint.Latency = TimeSpan.FromMilliseconds(request.LatencyMs ?? 0);
            endpoint.LatencyJitter = TimeSpan.FromMilliseconds(request.JitterMs ?? 0);
            endpoint.Capacity = request.Capacity ?? 0;
            endpoint.CapacityRetryAfter = request.RetryAfter ?? "1";
            return Results.NoContent();
        });
        app.MapDelete("/control/endpoints/{name}/fault", (string name) =>
        {
            if (!_endpoints.TryGetValue(name, out var endpoint))
            {
                return Results.NotFound();
            }

            endpoint.SetFault();
            return Results.NoContent();
        });
        // The latest accepted activities, newest first, for the AppHost dashboard's Pega panel:
        // the activity and its Idempotency-Key, never the Authorization header.
        app.MapGet("/control/endpoints/{name}/arrivals", (string name, int? last) =>
            _endpoints.TryGetValue(name, out var endpoint)
                ? Results.Json(endpoint.Arrivals.OrderByDescending(arrival => arrival.Timestamp).Take(Math.Clamp(last ?? 20, 1, 200))
                    .Select(arrival => new { idempotencyKey = arrival.IdempotencyKey, userAgent = arrival.UserAgent, activity = arrival.Activity }))
                : Results.NotFound());
        app.MapGet("/health", () => Results.Text("ok"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record EndpointRequest(string? Name, string? Username, string? Password);

    private sealed record PaceRequest(double? LatencyMs, double? JitterMs, int? Capacity, string? RetryAfter);

    private sealed record FaultRequest(int? Status, string? RetryAfter, double? HangSeconds, int? Calls, double? Seconds);
}
