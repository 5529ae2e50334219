namespace Deployteq.AppHost.Hosting;

// GET <endpoint><path> answers 2xx: Aspire's WithHttpHealthCheck.
public sealed class HttpHealthProbe(EndpointAnnotation endpoint, string path) : IHealthProbe
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(3) };

    public EndpointAnnotation Endpoint => endpoint;

    public string Path => path;

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var response = await Client.GetAsync(endpoint.Url + path, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
