namespace Deployteq.ServiceDefaults.Streams;

// An entry read back from a brand's stream: what it holds is the service's, its position the kit's.
public interface IStreamEntry
{
    StreamCursor Position { get; }
}
