namespace Deployteq.TestSupport;

// What a test fixture runs its services against.
public enum RedisTopology
{
    // One redis-server.
    Single,

    // A Redis Cluster of three primaries (RedisCluster).
    Cluster,
}

public static class RedisTopologies
{
    // REDIS_TOPOLOGY=cluster runs every suite on a cluster (CI does, after the single-server run).
    public static RedisTopology FromEnvironment =>
        string.Equals(Environment.GetEnvironmentVariable("REDIS_TOPOLOGY"), "cluster", StringComparison.OrdinalIgnoreCase)
            ? RedisTopology.Cluster
            : RedisTopology.Single;
}
