using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Deployteq.AppHost.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployteq.AppHost.Dashboard;

// The dashboard web app, in the AppHost's process: the page, its JSON API, and server-sent
// events (ASP.NET Core's TypedResults.ServerSentEvents) that push every resource change and
// console line as it happens.
public sealed class DashboardServer(DistributedApplication application, DashboardOptions options) : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private WebApplication? _app;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Only what is set here: the AppHost's working directory may hold a service's
        // appsettings.json (Kestrel endpoints), and its environment a service's ASPNETCORE_URLS.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(options.Port));
        // The cookie is only good for this run: a new token, a new key.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = DashboardAuthentication.CookieName;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.HttpOnly = true;
                cookie.Events.OnRedirectToLogin = DashboardAuthentication.ChallengeAsync;
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.Use((context, next) => DashboardAuthentication.BearerAsync(context, next, options.Token));
        app.UseAuthorization();

        app.MapGet("/login", (Delegate)((HttpContext context) => DashboardAuthentication.LoginAsync(context, options.Token)));
        var secured = app.MapGroup("").RequireAuthorization();
        secured.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        secured.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8"));
        secured.MapGet("/dashboard.css", () => Asset("dashboard.css", "text/css; charset=utf-8"));

        var api = secured.MapGroup("/api");
        api.MapGet("/resources", () => Results.Json(application.Notifications.Current, Json));
        api.MapGet("/resources/events", (CancellationToken aborted) =>
            TypedResults.ServerSentEvents(Events(application.Notifications.WatchAsync(aborted), "resource", aborted)));
        api.MapGet("/resources/{name}/logs", (string name) =>
            application.TryGetSupervisor(name, out _) ? Results.Json(application.Logs.Backlog(name), Json) : Results.NotFound());
        api.MapGet("/logs/events", (string? resource, CancellationToken aborted) =>
            resource is not null && !application.TryGetSupervisor(resource, out _)
                ? Results.NotFound()
                : TypedResults.ServerSentEvents(Events(application.Logs.WatchAsync(resource, aborted), "log", aborted)));
        api.MapPost("/resources/{name}/commands/{command}", (string name, string command) => Execute(name, command));

        foreach (var panel in application.Builder.DashboardPanels)
        {
            panel.Map(api);
        }

        await app.StartAsync();
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }

    private IResult Execute(string name, string command)
    {
        if (!application.TryGetSupervisor(name, out var supervisor))
        {
            return Results.NotFound();
        }

        Func<Task>? run = command switch
        {
            "stop" => supervisor!.StopAsync,
            "start" => supervisor!.StartAsync,
            "restart" => supervisor!.RestartAsync,
            _ => null,
        };
        if (run is null)
        {
            return Results.BadRequest(new { error = $"Unknown command; use stop, start or restart." });
        }

        application.Builder.Output.Host($"dashboard: {command} {name}");
        _ = Task.Run(run);
        return Results.Json(application.Notifications.Get(name), Json, statusCode: StatusCodes.Status202Accepted);
    }

    private static async IAsyncEnumerable<SseItem<string>> Events<T>(IAsyncEnumerable<T> source, string eventType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            yield return new SseItem<string>(JsonSerializer.Serialize(item, Json), eventType);
        }
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream($"Dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");
        return Results.Stream(stream, contentType);
    }
}
