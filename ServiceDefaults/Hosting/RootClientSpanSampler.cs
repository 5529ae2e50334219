using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Deployteq.ServiceDefaults.Hosting;

// A client span with no parent is work nobody asked for over a call: a background loop's Redis
// poll, a lease renewal, a feed reconnect. Each would be a trace of its own every few hundred
// milliseconds and bury the traces of calls in the dashboard, so they are dropped. Everything else
// is sampled as its parent says, and always at a server's root.
public sealed class RootClientSpanSampler : Sampler
{
    private readonly Sampler _inner = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : _inner.ShouldSample(samplingParameters);
}
