namespace Deployteq.AppHost.Hosting;

// A resource others reach through a connection string (one Redis or a Redis Cluster), so that a
// model can hold either in one variable and both WithReference and WaitFor take it.
public abstract class ConnectionStringResource(string name) : Resource(name), IResourceWithConnectionString
{
    // Holds a password: for child environments only, never for the console or the dashboard.
    public abstract string ConnectionString { get; }
}
