using StackExchange.Redis;

namespace Deployteq.ServiceDefaults.Streams;

// Removes one subscriber's handler; the multiplexer keeps the channel for the others.
internal sealed class NoticeSubscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await subscriber.UnsubscribeAsync(channel, handler);
}
