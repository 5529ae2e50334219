namespace Deployteq.AppHost.Hosting;

// A Redis the services can be given: one server (RedisResource) or a cluster (RedisClusterResource).
public interface IRedisConnection
{
    string Name { get; }

    // Holds the password: for child environments only, never for the console.
    string ConnectionString { get; }
}
