namespace Deployteq.AppHost.Hosting;

// Our stand-in for Aspire's builder: resources are declared in the order they start, and each
// waits for what it references to be healthy.
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    private DistributedApplicationBuilder(string dataDirectory)
    {
        DataDirectory = dataDirectory;
    }

    public ConsoleOutput Output { get; } = new();

    // Where resources keep their state between runs (.apphost/ in the repository, or APPHOST_DATA_DIR).
    public string DataDirectory { get; }

    public static DistributedApplicationBuilder Create()
    {
        var configured = Environment.GetEnvironmentVariable("APPHOST_DATA_DIR");
        var dataDirectory = string.IsNullOrEmpty(configured) ? Path.Combine(FindRepositoryRoot(), ".apphost") : Path.GetFullPath(configured);
        return new DistributedApplicationBuilder(dataDirectory);
    }

    public RedisResource AddRedis(string name)
    {
        var executable = RedisResource.FindExecutable() ?? throw new MissingExecutableException(
            "redis-server was not found on PATH. Install it with 'sudo apt-get install -y redis-server' " +
            "(or run ./run.sh, which does), or point REDIS_SERVER at it.");
        return Add(new RedisResource(name, executable, Path.Combine(DataDirectory, name), FreePort.Next(), Output));
    }

    // A Redis Cluster of `primaries` redis-server nodes (resources name-0, name-1, ...) and the
    // cluster itself (name), which services reference. Its data lives for the run only.
    public RedisClusterResource AddRedisCluster(string name, int primaries)
    {
        if (primaries < 3)
        {
            throw new MissingExecutableException($"A Redis Cluster needs at least 3 primaries, not {primaries}.");
        }

        var executable = RedisResource.FindExecutable() ?? throw new MissingExecutableException(
            "redis-server was not found on PATH. Install it with 'sudo apt-get install -y redis-server' " +
            "(or run ./run.sh, which does), or point REDIS_SERVER at it.");
        var cli = RedisResource.Find("REDIS_CLI", "redis-cli") ?? throw new MissingExecutableException(
            "redis-cli was not found on PATH. Install it with 'sudo apt-get install -y redis-tools' " +
            "(or run ./run.sh, which does), or point REDIS_CLI at it.");
        var clusterDirectory = Path.Combine(DataDirectory, name + "-cluster");
        if (Directory.Exists(clusterDirectory))
        {
            Directory.Delete(clusterDirectory, recursive: true);
        }

        var password = RedisResource.NewPassword();
        var nodes = Enumerable.Range(0, primaries).Select(index => Add(new RedisResource(
            $"{name}-{index}", executable, Path.Combine(clusterDirectory, index.ToString()), FreePort.Next(), Output, password,
            [
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                "--cluster-port", FreePort.Next().ToString(), "--masterauth", password,
            ]))).ToList();
        return Add(new RedisClusterResource(name, nodes, cli, password, Output));
    }

    public ProjectResource AddProject(string name, string projectName) =>
        Add(new ProjectResource(name, ServiceManifest.AssemblyOf(projectName), FreePort.Next(), FreePort.Next(), Output));

    public DistributedApplication Build() => new(_resources, Output);

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

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Deployteq.Aspire.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
