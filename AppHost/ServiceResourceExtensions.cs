using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Deployteq.AppHost;

public static class ServiceResourceExtensions
{
    // Where a service with REST serves its OpenAPI document and its API reference (ServiceDefaults'
    // RestApiExtensions), linked from the dashboard's resource URLs.
    public const string OpenApiDocumentPath = "/openapi/v1.json";
    public const string ApiReferencePath = "/scalar";

    public static IResourceBuilder<ProjectResource> WithApiReference(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithUrls(context =>
        {
            if (context.GetEndpoint("http") is not { } http)
            {
                return;
            }

            context.Urls.Add(new ResourceUrlAnnotation { Url = http.Url + ApiReferencePath, DisplayText = "API reference", Endpoint = http });
            context.Urls.Add(new ResourceUrlAnnotation { Url = http.Url + OpenApiDocumentPath, DisplayText = "OpenAPI", Endpoint = http });
        });

    // One of our services. Its two endpoints come from its appsettings.json (Kestrel:Endpoints), as
    // Aspire reads them: "http" (HTTP/1.1: health, REST, OpenAPI) and "grpc" (cleartext HTTP/2), at
    // the ports a local run has always had (customers 5101/5102, events 5201/5202, …). Health is
    // asked of the HTTP/1 one (ready: /health, Redis included; live: /alive); a process that dies is restarted.
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            // Probes, not only health checks: publish writes them as the pods' probes.
            .WithHttpProbe(ProbeType.Readiness, "/health", endpointName: "http")
            .WithHttpProbe(ProbeType.Liveness, "/alive", endpointName: "http")
            // A local run is Development (plain http to the stand-in on loopback, among others);
            // publish writes Production.
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.ExecutionContext.IsRunMode ? "Development" : "Production")
            .WithEnvironment(context =>
            {
                if (context.ExecutionContext.IsRunMode)
                {
                    // Under its `dotnet run` wrapper: a kill of the wrapper ends the service too.
                    context.EnvironmentVariables["ServiceDefaults__ExitWithParent"] = "true";
                }
            })
            .WithoutHttpsCertificate()
            .WithRestartOnExit();
}
