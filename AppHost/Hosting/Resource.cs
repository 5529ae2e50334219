namespace Deployteq.AppHost.Hosting;

// Something the AppHost runs as a process: its command line, endpoints, environment, what it
// waits for and how its health is probed. The running side lives in ResourceSupervisor.
public abstract class Resource(string name)
{
    private readonly List<EndpointAnnotation> _endpoints = [];
    private readonly List<Resource> _waitsFor = [];
    private readonly List<object> _references = [];

    public string Name => name;

    // What the dashboard shows as its type: Project, Executable, Redis.
    public abstract string Kind { get; }

    public IReadOnlyList<EndpointAnnotation> Endpoints => _endpoints;

    // In declaration order; a later value for the same name wins.
    public Dictionary<string, EnvironmentValue> Environment { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    // What WithReference was given (resources and connection strings), for the manifests.
    public IReadOnlyList<object> References => _references;

    public IHealthProbe? HealthProbe { get; set; }

    // A local development aid only (the Pega stand-in): not written to the Kubernetes manifests.
    public bool ExcludedFromManifest { get; set; }

    // False for a resource made of others (a Redis Cluster over its nodes): it runs once what it
    // waits for is healthy, is probed like any other, and has no process of its own.
    public virtual bool HasProcess => true;

    // The program it runs; for a resource without a process, the tool it needs (checked at start).
    public abstract string Command { get; }

    public abstract IReadOnlyList<string> Arguments { get; }

    public virtual string? WorkingDirectory => null;

    // Said when Command cannot be found.
    public virtual string MissingExecutableMessage => $"{Command} was not found on PATH.";

    // Called before every start (the first and each restart).
    public virtual void PrepareStart()
    {
    }

    public EndpointAnnotation GetEndpoint(string endpointName) =>
        _endpoints.FirstOrDefault(endpoint => endpoint.Name == endpointName)
        ?? throw new InvalidOperationException($"{Name} has no endpoint named {endpointName}.");

    internal EndpointAnnotation AddEndpoint(string endpointName, string scheme, int? port, bool http2Only)
    {
        if (_endpoints.Any(endpoint => endpoint.Name == endpointName))
        {
            throw new InvalidOperationException($"{Name} has an endpoint named {endpointName} already.");
        }

        var endpoint = new EndpointAnnotation(this, endpointName, scheme, port, http2Only);
        _endpoints.Add(endpoint);
        return endpoint;
    }

    internal void AddWaitFor(Resource resource)
    {
        if (resource == this)
        {
            throw new InvalidOperationException($"{Name} cannot wait for itself.");
        }

        if (!_waitsFor.Contains(resource))
        {
            _waitsFor.Add(resource);
        }
    }

    internal void AddReference(object reference)
    {
        if (!_references.Contains(reference))
        {
            _references.Add(reference);
        }
    }
}
