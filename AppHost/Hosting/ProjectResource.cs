namespace Deployteq.AppHost.Hosting;

// A service of the solution, started from the assembly the AppHost's build produced, as Aspire's
// AddProject does. Its HTTP/1.1 endpoint goes to ASPNETCORE_URLS; the gRPC endpoint is a named
// HTTP/2-only Kestrel endpoint (DESIGN.md: cleartext gRPC needs an endpoint of its own).
public sealed class ProjectResource(string name, string projectName, string assemblyPath) : Resource(name), IResourceWithServiceDiscovery
{
    public override string Kind => "Project";

    public string ProjectName => projectName;

    public string AssemblyPath => assemblyPath;

    public override string Command => "dotnet";

    public override IReadOnlyList<string> Arguments => [assemblyPath, .. ExtraArguments];

    // WithArgs: given to the program after its assembly.
    public List<string> ExtraArguments { get; } = [];

    public override string? WorkingDirectory => Path.GetDirectoryName(assemblyPath);

    // The live probe the manifests use beside the health check (ServiceDefaults maps /alive).
    public string LivenessPath { get; set; } = "/alive";
}
