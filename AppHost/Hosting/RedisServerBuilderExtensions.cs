using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

// Redis without a container: AddRedisServer starts Debian's redis-server as an executable
// resource of Aspire's; AddRedisServerCluster starts N of them in cluster mode and joins them.
// Both offer a connection string (host:port,password=…; a cluster's nodes comma-separated) to
// WithReference, the form Aspire.StackExchange.Redis's AddRedisClient reads.
public static class RedisServerBuilderExtensions
{
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, IResourceBuilder<ParameterResource>? password = null) =>
        builder.AddRedisNode(name, dataDirectory, password?.Resource ?? builder.AddRedisPassword(name).Resource, clusterNode: false);

    public static IResourceBuilder<RedisClusterResource> AddRedisServerCluster(this IDistributedApplicationBuilder builder, string name,
        int primaries, string dataDirectory, Action<IResourceBuilder<RedisServerResource>>? configureNode = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(primaries, 3, nameof(primaries));
        var password = builder.AddRedisPassword(name).Resource;
        // A node starts empty each run: its port is new, which a saved nodes.conf could not follow.
        // A restart within the run keeps nodes.conf, so the node rejoins its cluster.
        var clusterDirectory = Path.Combine(dataDirectory, $"{name}-cluster");
        if (builder.ExecutionContext.IsRunMode && Directory.Exists(clusterDirectory))
        {
            Directory.Delete(clusterDirectory, recursive: true);
        }

        var nodes = Enumerable.Range(0, primaries)
            .Select(index => builder.AddRedisNode($"{name}-{index}", Path.Combine(clusterDirectory, index.ToString()), password, clusterNode: true))
            .ToList();
        nodes.ForEach(node => configureNode?.Invoke(node));
        var cluster = new RedisClusterResource(name, nodes.Select(node => node.Resource).ToList(), password);
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new RedisPing(cluster.ConnectionStringExpression.GetValueAsync, cluster.Nodes, cluster: true), HealthStatus.Unhealthy, tags: null));
        builder.Eventing.Subscribe<InitializeResourceEvent>(cluster, (initialize, cancellationToken) =>
        {
            _ = new RedisClusterJoin(cluster, initialize.Notifications, initialize.Logger).RunAsync(cancellationToken);
            return Task.CompletedTask;
        });
        var clusterBuilder = builder.AddResource(cluster)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "RedisCluster",
                State = KnownResourceStates.Waiting,
                Properties = [new ResourcePropertySnapshot("primaries", primaries)],
            })
            .WithHealthCheck(healthCheckKey);
        nodes.ForEach(node => node.WithParentRelationship(clusterBuilder));
        return clusterBuilder;
    }

    private static IResourceBuilder<ParameterResource> AddRedisPassword(this IDistributedApplicationBuilder builder, string name) =>
        // New each run: Redis keeps its data, not its password, so nothing needs to remember it.
        builder.AddParameter($"{name}-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: false);

    private static IResourceBuilder<RedisServerResource> AddRedisNode(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, ParameterResource password, bool clusterNode)
    {
        var redis = new RedisServerResource(name, dataDirectory, password, clusterNode);
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new RedisPing(redis.ConnectionStringExpression.GetValueAsync, [redis], cluster: false), HealthStatus.Unhealthy, tags: null));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, (_, cancellationToken) => RedisServerConfig.WriteAsync(redis, cancellationToken));
        if (builder.ExecutionContext.IsRunMode)
        {
            RequireExecutable("redis-server", "sudo apt-get install -y redis-server (./run.sh does it)");
        }

        return builder.AddResource(redis)
            .WithArgs(redis.ConfigFile)
            // Not proxied: every Redis command of every service would pay the proxy's hop, and the
            // port stays the same across a restart. A free port taken now; publish uses 6379.
            .WithEndpoint(RedisServerResource.PrimaryEndpointName, endpoint =>
            {
                endpoint.Port = builder.ExecutionContext.IsRunMode ? FreePort() : 6379;
                endpoint.TargetPort = endpoint.Port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            }, createIfNotExists: true)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database");
    }

    internal static void RequireExecutable(string name, string install)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name)));
        if (!found)
        {
            throw new DistributedApplicationException($"{name} was not found on PATH. Install it with '{install}'.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
