using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.PegaConnector.Delivery;

// The positions read from the stream, in stream order, until everything before them is finished:
// the checkpoint is the last position of the finished prefix, so it never passes an activity
// that is still in flight or waiting for a retry.
public sealed class DeliveryWindow
{
    private readonly Lock _gate = new();
    private readonly Queue<WindowSlot> _slots = new();
    private StreamCursor? _checkpoint;
    private StreamCursor? _newest;
    private long _unfinished;

    public DeliveryWindow(StreamCursor? checkpoint)
    {
        _checkpoint = checkpoint;
        _newest = checkpoint;
    }

    public long Unfinished => Interlocked.Read(ref _unfinished);

    public StreamCursor? Checkpoint
    {
        get
        {
            lock (_gate)
            {
                return _checkpoint;
            }
        }
    }

    public WindowSlot Add(StreamCursor position, bool finished)
    {
        var slot = new WindowSlot(position, finished);
        lock (_gate)
        {
            _slots.Enqueue(slot);
            _newest = position;
            if (!finished)
            {
                _unfinished++;
            }
        }

        return slot;
    }

    public void Finish(WindowSlot slot)
    {
        lock (_gate)
        {
            if (!slot.Finished)
            {
                slot.Finished = true;
                _unfinished--;
            }
        }
    }

    // The new checkpoint when the finished prefix grew; null when it did not move.
    public StreamCursor? Advance()
    {
        lock (_gate)
        {
            StreamCursor? moved = null;
            while (_slots.Count > 0 && _slots.Peek().Finished)
            {
                moved = _slots.Dequeue().Position;
            }

            if (moved is not null)
            {
                _checkpoint = moved;
            }

            return moved;
        }
    }

    // How far the checkpoint is behind the newest position seen, in seconds of recording time.
    public double LagSeconds()
    {
        lock (_gate)
        {
            if (_unfinished == 0 || _newest is not { } newest || _slots.Count == 0)
            {
                return 0;
            }

            var oldest = _slots.Peek().Position;
            return Math.Max(0, ((double)newest.Milliseconds - oldest.Milliseconds) / 1000);
        }
    }
}
