using System.Text.Json;
using System.Text.RegularExpressions;

namespace Deployteq.AppHost.Tests;

// A service run alone (`dotnet run --project Services.X`) listens on its appsettings.json
// defaults; those must be the ports the AppHost gives it, so that two services run alone never
// clash and the README's one table holds for both ways of running.
public sealed partial class AppSettingsPortsTests
{
    [Fact]
    public void Every_service_run_alone_listens_on_the_ports_the_apphost_gives_it()
    {
        var root = RepositoryRoot();
        var program = File.ReadAllText(Path.Combine(root, "AppHost", "Program.cs"));
        var declared = ProjectPorts().Matches(program)
            .Select(match => (Project: match.Groups["project"].Value, Http: int.Parse(match.Groups["http"].Value), Grpc: int.Parse(match.Groups["grpc"].Value)))
            .Where(project => project.Project.StartsWith("Services.", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(
            ["Services.Customers", "Services.DataModel", "Services.Events", "Services.PegaConnector"],
            declared.Select(project => project.Project).Order());

        foreach (var (project, http, grpc) in declared)
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, project, "appsettings.json")));
            var endpoints = settings.RootElement.GetProperty("Kestrel").GetProperty("Endpoints");
            Assert.Equal((project, http, grpc), (project, PortOf(endpoints, "http"), PortOf(endpoints, "grpc")));
        }

        var ports = declared.SelectMany(project => new[] { project.Http, project.Grpc }).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    private static int PortOf(JsonElement endpoints, string name) => new Uri(endpoints.GetProperty(name).GetProperty("Url").GetString()!).Port;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Deployteq.Aspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Deployteq.Aspire.sln not found above the test's directory.");
    }

    [GeneratedRegex("""AddProject\("[^"]+",\s*"(?<project>[^"]+)"\)\s*\.WithHttpEndpoint\(port:\s*(?<http>\d+)\)\s*\.WithGrpcEndpoint\(port:\s*(?<grpc>\d+)\)""")]
    private static partial Regex ProjectPorts();
}
