using System.Security.Cryptography;

namespace Deployteq.AppHost.Demo;

// The AppHost reads the demo installation every second: a trace each time would bury the traces
// that matter in the dashboard. Its calls carry a trace context marked "not sampled", which the
// services' parent-based sampling follows.
public sealed class UntracedCallsHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("traceparent");
        request.Headers.TryAddWithoutValidation("traceparent",
            $"00-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-00");
        return base.SendAsync(request, cancellationToken);
    }
}
