namespace Aspire.Hosting.ApplicationModel;

// A Redis Cluster of primaries without replicas (APPHOST_REDIS_CLUSTER=3), as production runs
// it. It has no process of its own: its nodes are RedisServerResources; once they are healthy the
// AppHost joins them (redis-cli --cluster create) and the cluster counts as healthy while every
// node reports cluster_state:ok. Its connection string names every node.
public sealed class RedisClusterResource(string name, IReadOnlyList<RedisServerResource> nodes, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public IReadOnlyList<RedisServerResource> Nodes { get; } = nodes;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            foreach (var node in Nodes)
            {
                builder.AppendFormatted(node.HostAndPort);
                builder.AppendLiteral(",");
            }

            builder.AppendLiteral("password=");
            builder.AppendFormatted(Password);
            return builder.Build();
        }
    }
}
