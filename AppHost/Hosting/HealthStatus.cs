namespace Deployteq.AppHost.Hosting;

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}
