namespace Aspire.Hosting.ApplicationModel;

// redis-server as an executable resource (no container engine on our machines). Its settings,
// the password among them, are in a config file in its data folder, so the password is on no
// command line and in no dashboard field; the append-only file is on with appendfsync always, so
// an acknowledged write survives a kill. A cluster node has cluster mode on as well.
public sealed class RedisServerResource(string name, string dataDirectory, ParameterResource password, bool clusterNode)
    : ExecutableResource(name, "redis-server", dataDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new EndpointReference(this, PrimaryEndpointName);

    public ParameterResource Password { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    public bool ClusterNode { get; } = clusterNode;

    public string ConfigFile => Path.Combine(DataDirectory, "redis.conf");

    public ReferenceExpression HostAndPort => ReferenceExpression.Create($"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)}");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{HostAndPort},password={Password}");
}
