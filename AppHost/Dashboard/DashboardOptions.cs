using System.Security.Cryptography;

namespace Deployteq.AppHost.Dashboard;

// Where the dashboard listens (http://localhost:18888 by default, as Aspire's) and the browser
// token that opens it: the page can stop services, so nothing answers without it.
public sealed record DashboardOptions(int Port, string Token)
{
    public const int DefaultPort = 18888;

    public string Url => $"http://localhost:{Port}";

    public string LoginUrl => $"{Url}/login?t={Token}";

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
