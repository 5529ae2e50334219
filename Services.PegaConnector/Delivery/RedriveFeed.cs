using System.Collections.Concurrent;
using System.Text;
using Deployteq.PegaConnector.Storage;
using StackExchange.Redis;

namespace Deployteq.PegaConnector.Delivery;

// Dead letters sent again: fed to the intake like stream items, without a stream place, each once
// until its outcome is recorded.
public sealed class RedriveFeed(SessionContext session, DeliveryIntake intake, IDeliveryStore store, TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, byte> _redriving = new(StringComparer.Ordinal);

    public async Task RunAsync(DeliveryPass live, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var letter in await store.GetRedriveQueueAsync(session.Key))
                {
                    if (_redriving.TryAdd(letter.Uuid, 0))
                    {
                        var body = Encoding.UTF8.GetBytes("[" + letter.Json + "]");
                        await intake.WriteAsync(new DeliveryItem(live, null, session.NextSequence(), letter.Uuid, letter.Metric, 0, body), cancellationToken);
                    }
                }
            }
            catch (RedisException)
            {
            }

            await Task.Delay(Interval, clock, cancellationToken);
        }
    }

    // Its outcome is in Redis (or it was finished already): a later redrive of it is a new one.
    public void Forget(string uuid) => _redriving.TryRemove(uuid, out _);
}
