namespace Deployteq.AppHost.Hosting;

// What WithReference turns into ConnectionStrings__<name>.
public interface IResourceWithConnectionString
{
    string Name { get; }

    // Holds a password: it goes into child environments only, never to the console or the dashboard.
    string ConnectionString { get; }
}
