using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Deployteq.PegaConnector.Delivery;

// What the readers and the redrive feed have read and the claimer has not claimed yet: bounded,
// so reading waits for delivery.
public sealed class DeliveryIntake(IOptions<PegaConnectorOptions> options)
{
    private readonly Channel<DeliveryItem> _items = Channel.CreateBounded<DeliveryItem>(
        new BoundedChannelOptions(Math.Clamp(options.Value.MaxInFlight, 64, 512)) { SingleReader = true });

    public ValueTask WriteAsync(DeliveryItem item, CancellationToken cancellationToken) => _items.Writer.WriteAsync(item, cancellationToken);

    public ChannelReader<DeliveryItem> Reader => _items.Reader;
}
