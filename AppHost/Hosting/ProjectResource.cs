using System.Diagnostics;

namespace Deployteq.AppHost.Hosting;

// A service of the solution, started from its built assembly with the variables Aspire would set:
// ASPNETCORE_URLS for the HTTP/1.1 endpoint and a named HTTP/2-only endpoint for gRPC.
public sealed class ProjectResource : Resource
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly string _assemblyPath;
    private readonly int _httpPort;
    private readonly int _grpcPort;

    public ProjectResource(string name, string assemblyPath, int httpPort, int grpcPort, ConsoleOutput output) : base(name, output)
    {
        _assemblyPath = assemblyPath;
        _httpPort = httpPort;
        _grpcPort = grpcPort;
        Environment["ASPNETCORE_URLS"] = HttpUrl;
        Environment["Kestrel__Endpoints__grpc__Url"] = GrpcUrl;
        Environment["Kestrel__Endpoints__grpc__Protocols"] = "Http2";
        Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        Environment["OTEL_SERVICE_NAME"] = name;
    }

    public string HttpUrl => $"http://127.0.0.1:{_httpPort}";

    public string GrpcUrl => $"http://127.0.0.1:{_grpcPort}";

    public override IReadOnlyDictionary<string, string> Endpoints => new Dictionary<string, string> { ["http"] = HttpUrl, ["grpc"] = GrpcUrl };

    protected override void StartProcess()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(_assemblyPath)! };
        start.ArgumentList.Add(_assemblyPath);
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        Process.Start(start);
    }

    protected override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var response = await Probe.GetAsync(HttpUrl + "/health", cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
