using Deployteq.AppHost.Hosting;

namespace Deployteq.AppHost.Demo;

// What a developer needs after `./run.sh`: where the dashboard is, the demo token, and a call to paste.
public static class DemoBanner
{
    public static void Print(ConsoleOutput output, DistributedApplication app, DemoState demo, DemoClients clients)
    {
        if (app.Dashboard is { } dashboard)
        {
            output.Host($"dashboard: {dashboard.LoginUrl}");
        }

        output.Host($"demo brand {demo.BrandId}, customer {demo.CustomerId}, API token: {demo.Token}");
        output.Host("emit an activity (it travels Events -> pegaconnector -> the pega stand-in; watch the dashboard's Pega panel):");
        output.Host(
            $"  grpcurl -plaintext -H 'authorization: Bearer {demo.Token}' " +
            $"-d '{{\"activity\":{{\"metric\":\"METRIC_BROADCASTS\",\"customer_id\":{demo.CustomerId},\"broadcast_id\":1," +
            "\"broadcast\":{\"broadcast_type\":\"MAIL\",\"broadcast_event_type\":\"EMAIL\",\"sub_type\":\"CAMPAIGN\",\"subject\":\"Hello\"}}}' " +
            $"{clients.EventsGrpcAddress} deployteq.events.v1.Events/Emit");
    }
}
