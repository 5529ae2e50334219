using Deployteq.PegaConnector.Model;

namespace Deployteq.PegaConnector.Delivery;

// One reading of the stream: the live delivery, or a replay of [from, to] with marks of its own
// (so that it sends activities the live delivery has delivered already, each once).
public sealed class DeliveryPass(string name, DeliveryWindow window, long fromMilliseconds, long? toMilliseconds, long replayId)
{
    public string Name { get; } = name;

    public DeliveryWindow Window { get; } = window;

    // Where reading starts when there is no checkpoint yet (Redis time, ms).
    public long FromMilliseconds { get; } = fromMilliseconds;

    // A replay ends at the first position recorded after this time.
    public long? ToMilliseconds { get; } = toMilliseconds;

    public long ReplayId { get; } = replayId;

    public bool IsReplay => ToMilliseconds is not null;

    // The reader has passed ToMilliseconds: once the window is finished, the replay is done.
    public bool ReachedEnd { get; set; }

    public bool Done { get; set; }
}
