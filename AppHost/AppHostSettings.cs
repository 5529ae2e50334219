using System.Security.Cryptography;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace Deployteq.AppHost;

// What a run can be told from outside, read once:
// - AppHost:DataDirectory: Redis's data and the demo's state (default: .apphost/ beside the
//   AppHost folder); tests give their own;
// - DEPLOYTEQ_ADMIN_KEY (or Parameters:admin-key): the administrator key, else new each run;
// - APPHOST_REDIS_CLUSTER=N (N >= 3): Redis as a cluster of N primaries;
// - APPHOST_DASHBOARD_TOKEN (or AppHost:BrowserToken): the dashboard's login token, else new each run.
public sealed record AppHostSettings(string DataDirectory, string? AdminKey, int? RedisClusterPrimaries, string? DashboardLoginUrl)
{
    public static AppHostSettings From(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dataDirectory = configuration["AppHost:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".apphost"));
        var adminKey = configuration["DEPLOYTEQ_ADMIN_KEY"] is { Length: > 0 } key ? key : configuration["Parameters:admin-key"];
        int? primaries = builder.ExecutionContext.IsRunMode && int.TryParse(configuration["APPHOST_REDIS_CLUSTER"], out var count) && count > 0
            ? Math.Max(count, 3)
            : null;
        return new AppHostSettings(dataDirectory, adminKey, primaries, LoginUrl(configuration));
    }

    // The dashboard's token is ours to choose, so the console can print its login address.
    private static string? LoginUrl(IConfiguration configuration)
    {
        var dashboardUrl = configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        if (dashboardUrl is null)
        {
            return null;
        }

        configuration["AppHost:BrowserToken"] = configuration["APPHOST_DASHBOARD_TOKEN"] is { Length: > 0 } fixedToken ? fixedToken
            : configuration["AppHost:BrowserToken"] is { Length: > 0 } configured ? configured
            : Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        return $"{dashboardUrl.TrimEnd('/')}/login?t={configuration["AppHost:BrowserToken"]}";
    }
}
