using Microsoft.Extensions.Logging;

namespace Deployteq.AppHost.Demo;

// What a developer (and a script) needs after `./run.sh`, one line each: the dashboard's login
// address, the demo token, and a call to paste.
public static class DemoBanner
{
    public static void Print(ILogger output, string? dashboardLoginUrl, DemoState demo, DemoClients clients)
    {
        if (dashboardLoginUrl is not null)
        {
            output.LogInformation("dashboard: {LoginUrl}", dashboardLoginUrl);
        }

        output.LogInformation("demo brand {BrandId}, customer {CustomerId}, API token: {Token}", demo.BrandId, demo.CustomerId, demo.Token);
        output.LogInformation("emit an activity (it travels Events -> pegaconnector -> the pega stand-in; watch the dashboard's demo-installation resource and its traces):");
        output.LogInformation("  {Call}",
            $"curl -s -H 'Authorization: Bearer {demo.Token}' -H 'Content-Type: application/json' " +
            $"-d '{{\"metric\":\"METRIC_BROADCASTS\",\"customerId\":\"{demo.CustomerId}\",\"broadcastId\":\"1\",\"broadcast\":{{\"subject\":\"Hello from Deployteq\"}}}}' " +
            $"{clients.EventsHttpUrl}/v1/activities");
    }
}
