using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Deployteq.PegaStandIn;

// As a process under the AppHost, the stand-in sends its traces to the dashboard, so a delivery
// shows as Events -> connector -> stand-in in one trace. Only when OTEL_EXPORTER_OTLP_ENDPOINT is
// set, as Aspire injects it; the server's configuration is otherwise empty on purpose.
public static class StandInTelemetry
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var otel = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("OTEL_", StringComparison.Ordinal))
            .ToDictionary(name => name, name => Environment.GetEnvironmentVariable(name));
        if (string.IsNullOrWhiteSpace(otel.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            return;
        }

        builder.Configuration.AddInMemoryCollection(otel);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
            .UseOtlpExporter();
    }
}
