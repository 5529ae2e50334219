using System.Reflection;

namespace Deployteq.EndToEnd.Tests;

public static class Repository
{
    // AppHost/bin/<configuration>/<framework>/AppHost.dll is four levels below the repository.
    public static string Root
    {
        get
        {
            var appHost = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "AppHostAssembly").Value!;
            var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(appHost)!, "..", "..", "..", ".."));
            return File.Exists(Path.Combine(root, "run.sh")) ? root : throw new InvalidOperationException($"No run.sh in {root}.");
        }
    }
}
