using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using StackExchange.Redis;

namespace Deployteq.Customers.Auth;

// The revocation feed of this Customers instance. Revocations travel between instances over
// Redis pub/sub (published in the same script as the revocation itself); every instance also
// publishes a tick each second. What this instance hears keeps its own TokenCache right and goes
// on to every service watching it (Identity.WatchRevocations): a heartbeat per tick heard, so a
// watcher hears heartbeats only while the whole path from Redis works. A lost Redis subscription
// may have dropped notices: the local cache starts over, and watchers get RESET.
public sealed class RevocationHub(IConnectionMultiplexer redis, TokenCache cache, ILogger<RevocationHub> logger) : BackgroundService
{
    // A watcher this far behind is ended rather than allowed to miss a notice.
    public const int WatcherCapacity = 10_000;

    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private static readonly RevocationNotice Heartbeat = new() { Kind = RevocationKind.Heartbeat };
    private static readonly RevocationNotice Reset = new() { Kind = RevocationKind.Reset };

    private readonly ConcurrentDictionary<Channel<RevocationNotice>, byte> _watchers = new();
    private long _lastTick;

    private bool IsLive
    {
        get
        {
            var last = Volatile.Read(ref _lastTick);
            return last != 0 && Stopwatch.GetElapsedTime(last) < TokenCache.FeedSilenceLimit;
        }
    }

    // A new watcher: its reader gets a heartbeat at once when this instance hears the feed, then
    // every notice and heartbeat. Dispose to stop.
    public RevocationWatch Watch()
    {
        var channel = Channel.CreateBounded<RevocationNotice>(new BoundedChannelOptions(WatcherCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _watchers.TryAdd(channel, 0);
        if (IsLive)
        {
            channel.Writer.TryWrite(Heartbeat);
        }

        return new RevocationWatch(channel.Reader, () => _watchers.TryRemove(channel, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            var subscriber = redis.GetSubscriber();
            await SubscribeAsync(subscriber, stoppingToken);
            using var timer = new PeriodicTimer(TickInterval);
            do
            {
                try
                {
                    await subscriber.PublishAsync(CustomersKeys.Revocations, RevocationMessage.Tick);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // No tick, no heartbeat: every cache stops trusting until Redis is back.
                    logger.LogDebug("The revocation tick could not be published: {Reason}", exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    // Redis may still be coming up; the multiplexer keeps the subscription across reconnects
    // once it is made.
    private async Task SubscribeAsync(ISubscriber subscriber, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                // The queue hands messages over one at a time in the order Redis sent them (a handler
                // would be called concurrently): a heartbeat then never overtakes a notice published
                // before its tick, and a watcher reads revocations in the order they were made.
                var queue = await subscriber.SubscribeAsync(CustomersKeys.Revocations);
                queue.OnMessage(message => OnMessage(message.Message));
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Subscribing to revocations failed, trying again: {Reason}", exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
        }
    }

    private void OnMessage(RedisValue message)
    {
        var text = message.ToString();
        if (text == RevocationMessage.Tick)
        {
            Volatile.Write(ref _lastTick, Stopwatch.GetTimestamp());
            if (cache.IsLive)
            {
                cache.Heard();
            }
            else
            {
                cache.StartSession();
            }

            Broadcast(Heartbeat);
        }
        else if (RevocationMessage.TryParse(text, out var notice))
        {
            cache.Apply(notice);
            Broadcast(notice);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription)
        {
            Volatile.Write(ref _lastTick, 0);
            cache.Lost();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs args)
    {
        if (args.ConnectionType == ConnectionType.Subscription)
        {
            // Notices published while the subscription was down are gone for good.
            Broadcast(Reset);
        }
    }

    private void Broadcast(RevocationNotice notice)
    {
        foreach (var channel in _watchers.Keys)
        {
            if (!channel.Writer.TryWrite(notice))
            {
                _watchers.TryRemove(channel, out _);
                channel.Writer.TryComplete(new RpcException(new Status(
                    StatusCode.ResourceExhausted,
                    $"This watcher fell {WatcherCapacity} notices behind; watch again.")));
            }
        }
    }
}
