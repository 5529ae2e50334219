using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Deployteq.AppHost.Hosting;

// Our stand-in for Aspire's IDistributedApplicationBuilder: resources are declared in any order;
// WithReference wires what one offers to another, WaitFor orders the start.
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly List<ParameterResource> _parameters = [];

    internal DistributedApplicationBuilder(string[] args, string dataDirectory, DistributedApplicationOptions options)
    {
        Args = args;
        Options = options;
        DataDirectory = dataDirectory;
        DynamicPorts = Environment.GetEnvironmentVariable("APPHOST_DYNAMIC_PORTS") is "1" or "true";
        OtlpEndpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp ? otlp : null;
    }

    public string[] Args { get; }

    public DistributedApplicationOptions Options { get; }

    public ConsoleOutput Output { get; } = new();

    // Where resources keep their state between runs (.apphost/ in the repository, or APPHOST_DATA_DIR).
    public string DataDirectory { get; }

    // APPHOST_DYNAMIC_PORTS=1: every endpoint, the dashboard's too, on a free port (tests, a second copy).
    public bool DynamicPorts { get; }

    // OTEL_EXPORTER_OTLP_ENDPOINT of the AppHost: handed to every project, as Aspire hands its dashboard's.
    public string? OtlpEndpoint { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    public IReadOnlyList<ParameterResource> Parameters => _parameters;

    public List<Dashboard.IDashboardPanel> DashboardPanels { get; } = [];

    public RedisResource AddRedis(string name) =>
        Add(new RedisResource(name, RedisResource.FindExecutable() ?? "redis-server", Path.Combine(DataDirectory, name)));

    // A Redis Cluster of `primaries` nodes without replicas: redis-server resources <name>-0 ... with
    // one password, and the <name> resource that joins them and whose connection string lists them all.
    public RedisClusterResource AddRedisCluster(string name, int primaries)
    {
        if (primaries < 3)
        {
            throw new InvalidOperationException($"A Redis Cluster needs at least 3 primaries, not {primaries}.");
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var server = RedisResource.FindExecutable() ?? "redis-server";
        var nodes = Enumerable.Range(0, primaries)
            .Select(index => Add(new RedisResource($"{name}-{index}", server, Path.Combine(DataDirectory, $"{name}-cluster", $"{name}-{index}"), password, clusterNode: true)))
            .ToList();
        return Add(new RedisClusterResource(name, nodes, RedisClusterResource.FindCli() ?? "redis-cli", password, Output));
    }

    // A project referenced by AppHost.csproj, started from its built assembly. Like Aspire's
    // AddProject, it gets the OpenTelemetry variables; endpoints come from WithHttpEndpoint/WithGrpcEndpoint.
    public ProjectResource AddProject(string name, string projectName)
    {
        var project = Add(new ProjectResource(name, projectName, ServiceManifest.AssemblyOf(projectName)));
        project.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        project.Environment["OTEL_SERVICE_NAME"] = name;
        project.Environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={name}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
        if (OtlpEndpoint is not null)
        {
            project.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpEndpoint;
            project.Environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL") is { Length: > 0 } protocol ? protocol : "grpc";
            // Aspire's development settings: export within a second, so a developer sees calls at once.
            project.Environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            project.Environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            project.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }

        return project;
    }

    public ExecutableResource AddExecutable(string name, string command, string? workingDirectory, params string[] arguments) =>
        Add(new ExecutableResource(name, command, workingDirectory, arguments));

    // Aspire's AddParameter: the value from Parameters__<name> (or the given environment
    // variable), else the generated one.
    public ParameterResource AddParameter(string name, Func<string> generate, bool secret = false, string? environmentVariable = null)
    {
        var configured = Environment.GetEnvironmentVariable($"Parameters__{name}")
            ?? (environmentVariable is null ? null : Environment.GetEnvironmentVariable(environmentVariable));
        var parameter = new ParameterResource(name, string.IsNullOrEmpty(configured) ? generate() : configured, secret);
        _parameters.Add(parameter);
        return parameter;
    }

    public DistributedApplication Build()
    {
        AssignPorts();
        return new DistributedApplication(this);
    }

    private void AssignPorts()
    {
        foreach (var endpoint in _resources.SelectMany(resource => resource.Endpoints))
        {
            var configured = Environment.GetEnvironmentVariable(endpoint.OverrideVariable);
            endpoint.Port = configured is { Length: > 0 } && int.TryParse(configured, out var port) ? port
                : DynamicPorts || endpoint.DefaultPort is null ? FreePort()
                : endpoint.DefaultPort.Value;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private T Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named {resource.Name} exists already.");
        }

        Output.Register(resource.Name);
        _resources.Add(resource);
        return resource;
    }
}
