using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.PegaConnector.Delivery;

// One stream position in a delivery window; finished once its activity is delivered or dead, or
// at once for a position the stream only reported as progress.
public sealed class WindowSlot(StreamCursor position, bool finished)
{
    public StreamCursor Position { get; } = position;

    public bool Finished { get; set; } = finished;
}
