namespace Deployteq.AppHost.Tests;

// APPHOST_REDIS_CLUSTER=3: the same system on a three-primary Redis Cluster.
public sealed class ClusterRunApp : TestApp
{
    protected override IEnumerable<string> Arguments => ["APPHOST_REDIS_CLUSTER=3"];
}
