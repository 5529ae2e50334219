namespace Deployteq.AppHost.Hosting;

// services.manifest is written by the build (see AppHost.csproj): project file | built assembly.
public static class ServiceManifest
{
    public static string AssemblyOf(string projectName)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "services.manifest");
        if (!File.Exists(manifest))
        {
            throw new InvalidOperationException($"{manifest} is missing: build the AppHost (dotnet build AppHost).");
        }

        foreach (var line in File.ReadAllLines(manifest))
        {
            var parts = line.Split('|', 2);
            if (parts.Length == 2 && Path.GetFileNameWithoutExtension(parts[0]) == projectName)
            {
                return parts[1];
            }
        }

        throw new InvalidOperationException($"{projectName} is not a project reference of the AppHost.");
    }
}
