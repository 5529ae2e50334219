namespace Deployteq.AppHost.Hosting;

// What WithReference turns into services__<name>__<endpoint>__0, one per endpoint.
public interface IResourceWithServiceDiscovery
{
    string Name { get; }

    IReadOnlyList<EndpointAnnotation> Endpoints { get; }
}
