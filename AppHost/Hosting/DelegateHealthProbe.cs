namespace Deployteq.AppHost.Hosting;

public sealed class DelegateHealthProbe(Func<CancellationToken, Task<bool>> probe) : IHealthProbe
{
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => probe(cancellationToken);
}
