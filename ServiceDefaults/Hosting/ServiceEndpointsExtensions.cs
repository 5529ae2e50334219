using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Deployteq.ServiceDefaults.Hosting;

// Kestrel serves cleartext gRPC only on an endpoint that speaks HTTP/2 alone, while probes and
// REST want HTTP/1.1. So every service has two named endpoints (appsettings.json):
// `Kestrel:Endpoints:http` (HTTP/1.1) and `Kestrel:Endpoints:grpc` (HTTP/2). ASPNETCORE_URLS, as
// Aspire sets it, names the HTTP/1.1 one; the gRPC one comes from `Kestrel__Endpoints__grpc__Url`.
public static class ServiceEndpointsExtensions
{
    public const string HttpEndpointName = "http";
    public const string GrpcEndpointName = "grpc";

    public static TBuilder ConfigureServiceEndpoints<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return builder;
        }

        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        builder.Configuration[$"Kestrel:Endpoints:{HttpEndpointName}:Url"] = first;
        builder.Configuration[$"Kestrel:Endpoints:{HttpEndpointName}:Protocols"] = "Http1";
        // Named endpoints replace the URL list. An empty value would make the host fall back to
        // its own copy of ASPNETCORE_URLS and Kestrel warn that it overrides it; ";" names no address.
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = ";";
        return builder;
    }
}
