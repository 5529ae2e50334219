namespace Deployteq.AppHost.Hosting;

// Asked every few seconds while the process runs; a throw counts as unhealthy.
public interface IHealthProbe
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
