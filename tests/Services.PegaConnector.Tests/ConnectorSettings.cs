namespace Deployteq.PegaConnector.Tests;

// The connector's configuration in tests: short timings, so that retries, takeovers and marks of
// dead processes play out in seconds; the stand-in's loopback host allowed over plain http.
public static class ConnectorSettings
{
    // The cap of the adaptive concurrency limit (which starts there and may go down to 1).
    public const int MaxInFlight = 8;

    public static Dictionary<string, string?> For(string redis, string customersUrl, string eventsUrl, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["services:customers:grpc:0"] = customersUrl,
            ["services:events:grpc:0"] = eventsUrl,
            ["PegaConnector:MaxInFlight"] = MaxInFlight.ToString(),
            ["PegaConnector:InitialInFlight"] = MaxInFlight.ToString(),
            ["PegaConnector:MinInFlight"] = "1",
            ["PegaConnector:HttpTimeout"] = "00:00:02",
            ["PegaConnector:InFlightMarkMargin"] = "00:00:01",
            ["PegaConnector:RetryBaseDelay"] = "00:00:00.100",
            ["PegaConnector:RetryMaxDelay"] = "00:00:01",
            ["PegaConnector:RetryAfterMax"] = "00:00:10",
            ["PegaConnector:BreakerBreakDuration"] = "00:00:01",
            ["PegaConnector:BreakerSamplingDuration"] = "00:00:05",
            ["PegaConnector:LeaseLifetime"] = "00:00:03",
            ["PegaConnector:LeaseRenewInterval"] = "00:00:00.500",
            ["PegaConnector:ScanInterval"] = "00:00:00.300",
            ["PegaConnector:ShutdownGrace"] = "00:00:01",
            // Events sends progress every 5 s on an idle stream (its default).
            ["PegaConnector:StreamIdleTimeout"] = "00:00:12",
            ["PegaConnector:AllowHttpHosts:0"] = "127.0.0.1",
            ["PegaConnector:AllowHttpHosts:1"] = "localhost",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
