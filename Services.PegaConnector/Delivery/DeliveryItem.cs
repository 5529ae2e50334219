namespace Deployteq.PegaConnector.Delivery;

// One activity to send: its body is final (defaults applied) and is the same on every attempt.
public sealed class DeliveryItem(DeliveryPass pass, WindowSlot? slot, string uuid, string metric, long metricTimestamp, byte[] body)
{
    public DeliveryPass Pass { get; } = pass;

    // Null for a redriven dead letter, which holds no place in the stream.
    public WindowSlot? Slot { get; } = slot;

    public string Uuid { get; } = uuid;

    public string Metric { get; } = metric;

    public long MetricTimestamp { get; } = metricTimestamp;

    public byte[] Body { get; } = body;

    public int Attempts { get; set; }

    // When its in-flight mark was last set (taken before the claim call, so never later than
    // Redis's own time of it): the mark lives HttpTimeout + InFlightMarkMargin from then.
    public DateTimeOffset ClaimedAt { get; set; }
}
