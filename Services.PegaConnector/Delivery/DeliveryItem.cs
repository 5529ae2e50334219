namespace Deployteq.PegaConnector.Delivery;

// One activity to send: its body is final (defaults applied) and is the same on every attempt.
public sealed class DeliveryItem(
    DeliveryPass pass, WindowSlot? slot, long sequence, string uuid, string metric, long metricTimestamp, byte[] body, string traceParent = "", string traceState = "")
{
    public DeliveryPass Pass { get; } = pass;

    // Null for a redriven dead letter, which holds no place in the stream.
    public WindowSlot? Slot { get; } = slot;

    // The order it was read in: what waits longest goes first.
    public long Sequence { get; } = sequence;

    public string Uuid { get; } = uuid;

    public string Metric { get; } = metric;

    public long MetricTimestamp { get; } = metricTimestamp;

    public byte[] Body { get; } = body;

    // The W3C trace context of the emit (empty for a redriven dead letter): its calls join that trace.
    public string TraceParent { get; } = traceParent;

    public string TraceState { get; } = traceState;

    // Calls made for it (a call the breaker refused is not one).
    public int Attempts { get; set; }

    // When its first call was made; its retry window runs from there.
    public DateTimeOffset FirstAttempt { get; set; }

    // It failed while the endpoint answered others (during its call, or since its failure
    // before): a fault of its own, so it waits for its own retry time even when the endpoint
    // recovers from an outage, and is no probe of that recovery.
    public bool FailedAlone { get; set; }

    public DateTimeOffset LastFailure { get; set; } = DateTimeOffset.MinValue;
}
