using StackExchange.Redis;

namespace Deployteq.ServiceDefaults.Streams;

// The pub/sub notice a brand's write script publishes once it appended: a follower subscribes
// before its first read (StreamFollower) and is woken by each notice.
public static class StreamNotices
{
    // Runs onAppended on every notice on the channel until the answer is disposed.
    public static async Task<IAsyncDisposable> WatchAsync(IConnectionMultiplexer redis, RedisChannel channel, Action onAppended)
    {
        var subscriber = redis.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => onAppended();
        await subscriber.SubscribeAsync(channel, handler);
        return new NoticeSubscription(subscriber, channel, handler);
    }
}
