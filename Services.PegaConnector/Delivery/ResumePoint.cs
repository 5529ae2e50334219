using Deployteq.Events.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.PegaConnector.Delivery;

// Where a pass's next subscription starts: after the last position read (its checkpoint at
// first), from the oldest kept once retention took what it had not read, else from the pass's
// start time.
public sealed class ResumePoint(string? after)
{
    private string? _after = after;
    private bool _fromOldest;

    public void After(string cursor) => _after = cursor;

    public void FromOldest()
    {
        _after = null;
        _fromOldest = true;
    }

    public SubscribeRequest Request(IEnumerable<Metric> metrics, long fromMilliseconds)
    {
        var request = new SubscribeRequest { Metrics = { metrics } };
        if (_after is not null)
        {
            request.AfterCursor = _after;
        }
        else if (_fromOldest)
        {
            request.FromOldest = new Empty();
        }
        else
        {
            request.FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(fromMilliseconds));
        }

        return request;
    }
}
