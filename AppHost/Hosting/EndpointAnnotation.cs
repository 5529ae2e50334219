namespace Deployteq.AppHost.Hosting;

// A port a resource listens on. A fixed port is the documented default; without one (or with
// APPHOST_DYNAMIC_PORTS=1) a free port is picked when the application is built, and kept for
// every restart of the resource.
public sealed class EndpointAnnotation(Resource resource, string name, string scheme, int? port, bool http2Only)
{
    public Resource Resource => resource;

    public string Name => name;

    public string Scheme => scheme;

    // The port asked for in the model (null: any free port).
    public int? DefaultPort => port;

    public bool Http2Only => http2Only;

    public int Port { get; internal set; }

    public string Url => $"{Scheme}://127.0.0.1:{Port}";

    // APPHOST_PORT_CUSTOMERS_GRPC: overrides one endpoint's port.
    public string OverrideVariable => $"APPHOST_PORT_{Resource.Name.ToUpperInvariant().Replace('-', '_')}_{Name.ToUpperInvariant()}";
}
