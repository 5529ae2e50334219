namespace Deployteq.AppHost.Hosting;

// A variable's value as a model, not a string, so that a local run and the Kubernetes manifests
// render the same wiring each their own way (an address on loopback here, a Service name there;
// a secret inline here, a secretKeyRef there).
public abstract class EnvironmentValue
{
    public abstract string Resolve();

    public static implicit operator EnvironmentValue(string value) => new LiteralValue(value);
}

public sealed class LiteralValue(string value) : EnvironmentValue
{
    public string Value => value;

    public override string Resolve() => value;
}

// Another resource's endpoint as a caller reaches it: http://127.0.0.1:5102 here, http://customers:5102 in a cluster.
public sealed class EndpointReferenceValue(EndpointAnnotation endpoint) : EnvironmentValue
{
    public EndpointAnnotation Endpoint => endpoint;

    public override string Resolve() => endpoint.Url;
}

// The address a resource binds its own endpoint to: loopback here, every interface in a pod.
public sealed class EndpointBindingValue(EndpointAnnotation endpoint) : EnvironmentValue
{
    public EndpointAnnotation Endpoint => endpoint;

    public override string Resolve() => endpoint.Url;
}

public sealed class ConnectionStringValue(IResourceWithConnectionString resource) : EnvironmentValue
{
    public IResourceWithConnectionString Resource => resource;

    public override string Resolve() => resource.ConnectionString;
}

// Just the port of an endpoint, for programs that take a port rather than a URL.
public sealed class EndpointPortValue(EndpointAnnotation endpoint) : EnvironmentValue
{
    public EndpointAnnotation Endpoint => endpoint;

    public override string Resolve() => endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
