using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deployteq.AppHost.Demo;

// A local run's console story, one line each: once the services are healthy, the administrator
// key, the demo seed (portal, brand, token, customer, the connector installed against the
// stand-in), the dashboard's login and a call that works; once every resource is healthy, every
// endpoint and "all resources are healthy". Then the installation resource is kept current.
public sealed class DemoRun(
    DemoOptions options,
    DemoClients clients,
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ILoggerFactory loggers) : BackgroundService
{
    public const string LoggerCategory = "apphost";

    private readonly ILogger _output = loggers.CreateLogger(LoggerCategory);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var name in options.SeedWaitsFor)
            {
                await notifications.WaitForResourceHealthyAsync(name, stoppingToken);
            }

            var adminKey = await options.AdminKey.GetValueAsync(stoppingToken);
            _output.LogInformation("administrator key (send as 'authorization: Bearer <key>' to deployteq.customers.v1.Admin): {AdminKey}", adminKey);
            var seeded = await SeedAsync(adminKey!, stoppingToken);
            await AllHealthyAsync(stoppingToken);
            if (seeded)
            {
                await new PegaInstallationMonitor(options.Installation, clients, options.State, notifications).RunAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> SeedAsync(string adminKey, CancellationToken stoppingToken)
    {
        try
        {
            await new DemoSeed(clients, options.State, options.DataDirectory, _output).RunAsync(adminKey, stoppingToken);
        }
        catch (Grpc.Core.RpcException exception)
        {
            // The system runs on without its demo; the console says why.
            _output.LogError("the demo could not be seeded: {Status} {Detail}", exception.StatusCode, exception.Status.Detail);
            return false;
        }

        options.Seeded.TrySetResult();
        DemoBanner.Print(_output, options.DashboardLoginUrl, options.State, clients);
        return true;
    }

    private async Task AllHealthyAsync(CancellationToken stoppingToken)
    {
        // What the model declares with a health check: the services, Redis, the stand-in (not
        // parameters, Aspire's own dashboard and rebuilders, nor the installation).
        var resources = model.Resources.Where(resource => resource.Annotations.OfType<HealthCheckAnnotation>().Any()).ToList();
        foreach (var resource in resources)
        {
            await notifications.WaitForResourceHealthyAsync(resource.Name, stoppingToken);
        }

        foreach (var resource in resources.OfType<IResourceWithEndpoints>())
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                var reference = resource.GetEndpoint(endpoint.Name);
                _output.LogInformation("endpoint {Resource} {Endpoint} {Url}", resource.Name, endpoint.Name, reference.Url);
            }
        }

        _output.LogInformation("all resources are healthy; press Ctrl+C to stop");
    }
}
