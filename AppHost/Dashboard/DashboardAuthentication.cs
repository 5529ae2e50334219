using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Deployteq.AppHost.Dashboard;

// Aspire's browser-token login: /login?t=<token> sets an authentication cookie (SameSite=Strict,
// so another site cannot make the browser press a button); scripts may send the token as a bearer
// header instead. Everything else answers 401 without one of the two.
public static class DashboardAuthentication
{
    public const string CookieName = "deployteq.dashboard";

    public static bool Matches(string? candidate, string token) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(token));

    public static ClaimsPrincipal Principal(string scheme) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "developer")], scheme));

    public static async Task<IResult> LoginAsync(HttpContext context, string token)
    {
        if (!Matches(context.Request.Query["t"], token))
        {
            return Results.Content(LoginPage("That token is not this dashboard's."), "text/html", statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.Redirect("/");
    }

    // A bearer header with the token authenticates one request (curl, tests).
    public static async Task BearerAsync(HttpContext context, Func<Task> next, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(header["Bearer ".Length..].Trim(), token))
        {
            context.User = Principal("BrowserToken");
        }

        await next();
    }

    public static Task ChallengeAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync(LoginPage("Open the dashboard address printed by the AppHost (it holds the token), or paste the token."));
    }

    private static string LoginPage(string message) => $$"""
        <!doctype html><html><head><meta charset="utf-8"><title>Deployteq AppHost: login</title></head>
        <body style="font-family:sans-serif;margin:3em">
        <h1>Deployteq AppHost</h1><p>{{message}}</p>
        <form method="get" action="/login"><input name="t" type="password" placeholder="browser token" autofocus size="40">
        <button type="submit">Log in</button></form></body></html>
        """;
}
