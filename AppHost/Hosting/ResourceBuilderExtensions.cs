namespace Deployteq.AppHost.Hosting;

// The wiring verbs of Aspire's resource builders, with Aspire's variable names. WithReference
// passes what a resource offers; it does not order the start: WaitFor does.
public static class ResourceBuilderExtensions
{
    // ConnectionStrings__<name>.
    public static T WithReference<T>(this T resource, IResourceWithConnectionString source) where T : Resource
    {
        resource.Environment[$"ConnectionStrings__{source.Name}"] = new ConnectionStringValue(source);
        resource.AddReference(source);
        return resource;
    }

    // services__<name>__<endpoint>__0 for each endpoint, which service discovery resolves for
    // http://<name> and http://_grpc.<name>.
    public static T WithReference<T>(this T resource, IResourceWithServiceDiscovery source) where T : Resource
    {
        foreach (var endpoint in source.Endpoints)
        {
            resource.Environment[$"services__{source.Name}__{endpoint.Name}__0"] = new EndpointReferenceValue(endpoint);
        }

        resource.AddReference(source);
        return resource;
    }

    // Starts this resource only once the other one runs and its health probe passes.
    public static T WaitFor<T>(this T resource, Resource dependency) where T : Resource
    {
        resource.AddWaitFor(dependency);
        return resource;
    }

    public static T WithEnvironment<T>(this T resource, string name, EnvironmentValue value) where T : Resource
    {
        resource.Environment[name] = value;
        return resource;
    }

    // The HTTP/1.1 endpoint: ASPNETCORE_URLS (health, metrics, REST, web pages).
    public static ProjectResource WithHttpEndpoint(this ProjectResource resource, int? port = null, string name = "http")
    {
        var endpoint = resource.AddEndpoint(name, "http", port, http2Only: false);
        resource.Environment["ASPNETCORE_URLS"] = new EndpointBindingValue(endpoint);
        return resource;
    }

    // The cleartext gRPC endpoint, HTTP/2 only, as a named Kestrel endpoint.
    public static ProjectResource WithGrpcEndpoint(this ProjectResource resource, int? port = null, string name = "grpc")
    {
        var endpoint = resource.AddEndpoint(name, "http", port, http2Only: true);
        resource.Environment[$"Kestrel__Endpoints__{name}__Url"] = new EndpointBindingValue(endpoint);
        resource.Environment[$"Kestrel__Endpoints__{name}__Protocols"] = "Http2";
        return resource;
    }

    // Healthy when GET <http endpoint><path> answers 2xx; also the readiness probe of the manifests.
    public static ProjectResource WithHttpHealthCheck(this ProjectResource resource, string path = "/health", string endpointName = "http")
    {
        resource.HealthProbe = new HttpHealthProbe(resource.GetEndpoint(endpointName), path);
        return resource;
    }

    public static ProjectResource WithArgs(this ProjectResource resource, params string[] arguments)
    {
        resource.ExtraArguments.AddRange(arguments);
        return resource;
    }

    // The number of one of its own endpoints, for a program that takes a port (PEGA_STANDIN_PORT).
    public static T WithEndpointPortEnvironment<T>(this T resource, string name, string endpointName) where T : Resource
    {
        resource.Environment[name] = new EndpointPortValue(resource.GetEndpoint(endpointName));
        return resource;
    }

    public static T ExcludeFromManifest<T>(this T resource) where T : Resource
    {
        resource.ExcludedFromManifest = true;
        return resource;
    }

    public static T WithHealthCheck<T>(this T resource, Func<CancellationToken, Task<bool>> probe) where T : Resource
    {
        resource.HealthProbe = new DelegateHealthProbe(probe);
        return resource;
    }
}
