using System.Collections.Concurrent;
using System.Threading.Channels;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Deployteq.PegaConnector.V1;
using Deployteq.ServiceDefaults.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Polly.CircuitBreaker;
using StackExchange.Redis;
using StreamPosition = Deployteq.PegaConnector.Model.StreamPosition;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Delivery;

// Delivers one installation with one set of settings, while this process holds its lease:
// readers turn the Events stream into items, the dispatcher claims them in batches (one Redis
// round trip) and keeps up to MaxInFlight calls going, and the flusher records what finished
// together with the checkpoint (one script call per flush).
public sealed class DeliverySession
{
    private const int MaxClaimBatch = 128;
    private const int MaxFlushBatch = 512;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StorageRetry = TimeSpan.FromMilliseconds(500);

    private readonly InstallationRecord _record;
    private readonly InstallationKey _key;
    private readonly string _owner;
    private readonly IDeliveryStore _store;
    private readonly IInstallationStore _installations;
    private readonly EventsClient _events;
    private readonly PegaConnectorOptions _options;
    private readonly ConnectorMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly PegaSender _sender;
    private readonly Channel<DeliveryItem> _queue;
    private readonly Channel<(DeliveryItem Item, Completion Completion)> _completions =
        Channel.CreateUnbounded<(DeliveryItem, Completion)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<DeliveryItem, Task> _calls = new();
    private readonly ConcurrentDictionary<string, byte> _redriving = new(StringComparer.Ordinal);
    // Set once, before anything reads it (the lease keeper reports from another thread).
    private DeliveryPass[] _passes = [];
    private readonly CancellationTokenSource _pause = new();
    private readonly CancellationTokenSource _gone = new();
    private readonly string _name;
    private long _retried;
    private long _failed;
    private long _duplicates;
    private string _lastError = "";
    private long _lastErrorMilliseconds;

    public DeliverySession(
        InstallationRecord record, string owner, IDeliveryStore store, IInstallationStore installations, EventsClient events,
        HttpClient http, PegaConnectorOptions options, ConnectorMetrics metrics, TimeProvider clock, ILogger logger)
    {
        _record = record;
        _key = new InstallationKey(record.BrandId, record.Id);
        _name = _key.ToString();
        _owner = owner;
        _store = store;
        _installations = installations;
        _events = events;
        _options = options;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _queue = Channel.CreateBounded<DeliveryItem>(new BoundedChannelOptions(Math.Max(64, options.MaxInFlight * 4)) { SingleReader = true });
        _sender = new PegaSender(http, record, options, clock, RenewMarkAsync, OnAttempt, state =>
        {
            if (state == "open")
            {
                RecordError("circuit breaker opened: the endpoint keeps failing");
            }
        });
    }

    public InstallationState State =>
        _pause.IsCancellationRequested ? InstallationState.Paused
        : _sender.BreakerState is CircuitState.Open or CircuitState.HalfOpen or CircuitState.Isolated ? InstallationState.BreakerOpen
        : InstallationState.Running;

    public ReportedStatus Report()
    {
        var passes = Volatile.Read(ref _passes);
        var live = passes.FirstOrDefault();
        return new ReportedStatus(
            State,
            passes.Sum(pass => pass.Window.Unfinished),
            live?.Window.LagSeconds() ?? 0,
            Volatile.Read(ref _lastError),
            Interlocked.Read(ref _lastErrorMilliseconds));
    }

    // Until `stop` (lease lost, settings changed, process stopping) or a pause. Calls in flight get
    // `grace` more before they are cancelled; what finished is recorded before this returns.
    public async Task RunAsync(CancellationToken stop, TimeSpan grace)
    {
        using var tracking = _metrics.Track(_name, () => (Report().LagActivities, Report().LagSeconds, BreakerGauge()));
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop, _pause.Token, _gone.Token);
        using var calling = CancellationTokenSource.CreateLinkedTokenSource(_pause.Token, _gone.Token);
        await using var graceOnStop = stop.Register(() => calling.CancelAfter(grace));

        var live = new DeliveryPass(PegaKeys.LivePass, await WindowAsync(PegaKeys.LivePass, reading.Token), _record.StartMilliseconds, null, 0);
        var passes = new List<DeliveryPass> { live };
        if (_record.HasReplay)
        {
            var pass = PegaKeys.ReplayPass(_record.ReplayId);
            passes.Add(new DeliveryPass(pass, await WindowAsync(pass, reading.Token), _record.ReplayFromMilliseconds, _record.ReplayToMilliseconds, _record.ReplayId));
        }

        Volatile.Write(ref _passes, passes.ToArray());

        var flusher = LoggedAsync(FlushAsync(), "recording");
        var work = new List<Task>
        {
            LoggedAsync(DispatchAsync(reading.Token, calling.Token), "dispatching"), LoggedAsync(RedriveFeedAsync(live, reading.Token), "redriving"),
        };
        work.AddRange(_passes.Select(pass => LoggedAsync(ReadAsync(pass, reading.Token), "reading")));
        try
        {
            await Task.WhenAll(work);
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
        }
        finally
        {
            await reading.CancelAsync();
            await WhenAllQuietly(work);
            await WhenAllQuietly(_calls.Values.ToList());
            _completions.Writer.TryComplete();
            await flusher;
        }
    }

    private async Task LoggedAsync(Task task, string what)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Installation {Installation}: {What} failed", _name, what);
            throw;
        }
    }

    private int BreakerGauge() => _sender.BreakerState switch
    {
        CircuitState.Open or CircuitState.Isolated => 1,
        CircuitState.HalfOpen => 2,
        _ => 0,
    };

    private async Task<DeliveryWindow> WindowAsync(string pass, CancellationToken cancellationToken)
    {
        var stored = await RetryStorageAsync(() => _store.GetCheckpointAsync(_key, pass), cancellationToken);
        return new DeliveryWindow(StreamPosition.TryParse(stored, out var position) ? position : null);
    }

    // Reads the stream from the pass's checkpoint (or start), resuming after the last position
    // read whenever the stream breaks.
    private async Task ReadAsync(DeliveryPass pass, CancellationToken cancellationToken)
    {
        var metrics = ActivityKinds.Metrics(_record.Activities);
        var after = pass.Window.Checkpoint?.ToString();
        var fromOldest = false;
        var headers = BearerToken.Header(_record.EventsToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = new SubscribeRequest { Metrics = { metrics } };
            if (after is not null)
            {
                request.AfterCursor = after;
            }
            else if (fromOldest)
            {
                request.FromOldest = new Empty();
            }
            else
            {
                request.FromTime = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(pass.FromMilliseconds));
            }

            _logger.LogDebug("Installation {Installation}: subscribing {Request}", _name, request);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                idle.CancelAfter(_options.StreamIdleTimeout);
                using var call = _events.Subscribe(request, headers, cancellationToken: idle.Token);
                while (await call.ResponseStream.MoveNext(idle.Token))
                {
                    idle.CancelAfter(_options.StreamIdleTimeout);
                    var response = call.ResponseStream.Current;
                    if (!StreamPosition.TryParse(response.Cursor, out var position))
                    {
                        continue;
                    }

                    after = response.Cursor;
                    if (pass.ToMilliseconds is { } end && position.Milliseconds > (ulong)end)
                    {
                        pass.ReachedEnd = true;
                        return;
                    }

                    if (response.Activity is null)
                    {
                        // Progress: nothing selected up to here.
                        pass.Window.Add(position, finished: true);
                        continue;
                    }

                    var activity = response.Activity;
                    var slot = pass.Window.Add(position, finished: false);
                    var body = ActivityBodies.Build(activity, _record.ManualOptionDefaults);
                    // Waiting for room (the endpoint sets the pace) is not silence of the stream.
                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    await _queue.Writer.WriteAsync(
                        new DeliveryItem(pass, slot, activity.Uuid, PegaActivityJson.MetricName(activity.Metric), activity.MetricTimestamp, body),
                        cancellationToken);
                    idle.CancelAfter(_options.StreamIdleTimeout);
                }
            }
            catch (Exception exception) when (exception is RpcException or OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RpcException or OperationCanceledException && idle.IsCancellationRequested)
            {
                _logger.LogWarning("Installation {Installation}: the Events stream was silent for {Timeout}; opening it again", _name, _options.StreamIdleTimeout);
                RecordError("the Events stream went silent; reopened");
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.OutOfRange)
            {
                // Retention trimmed positions this installation had not read: they are gone. Said
                // loudly (last error), then delivery goes on with what is kept.
                RecordError("activities passed the Events retention before they were delivered; resuming from the oldest kept");
                _logger.LogError("Installation {Installation}: stream position trimmed by retention; resuming from the oldest kept", _name);
                after = null;
                fromOldest = true;
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                _logger.LogWarning("Installation {Installation}: Events refused the installation's token ({Status})", _name, exception.StatusCode);
                RecordError("the Events token was refused: " + Short(exception.Status.Detail));
                await Task.Delay(TimeSpan.FromSeconds(5), _clock, cancellationToken);
            }
            catch (RpcException exception)
            {
                _logger.LogWarning("Installation {Installation}: reading Events failed ({Status}); resuming", _name, exception.StatusCode);
                RecordError("reading Events failed: " + exception.StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, cancellationToken);
            }
        }
    }

    // Dead letters sent again: fed to the dispatcher like stream items, without a stream place.
    private async Task RedriveFeedAsync(DeliveryPass live, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var letter in await _store.GetRedriveQueueAsync(_key))
                {
                    if (_redriving.TryAdd(letter.Uuid, 0))
                    {
                        var body = System.Text.Encoding.UTF8.GetBytes("[" + letter.Json + "]");
                        await _queue.Writer.WriteAsync(new DeliveryItem(live, null, letter.Uuid, letter.Metric, 0, body), cancellationToken);
                    }
                }
            }
            catch (RedisException)
            {
            }

            await Task.Delay(TimeSpan.FromSeconds(1), _clock, cancellationToken);
        }
    }

    // Claims ahead of the free slots: while one batch is being sent, what the readers queued
    // meanwhile is claimed as the next batch (one round trip), so that claiming costs one round
    // trip per queue-full rather than one per freed slot. A slot is taken per item before it is
    // sent and given back once it is recorded: what a crash can send twice stays MaxInFlight.
    private async Task DispatchAsync(CancellationToken reading, CancellationToken calling)
    {
        var batch = new List<DeliveryItem>(MaxClaimBatch);
        while (true)
        {
            batch.Clear();
            batch.Add(await _queue.Reader.ReadAsync(reading));
            while (batch.Count < MaxClaimBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            var states = await ClaimAsync(batch, reading);
            for (var index = 0; index < batch.Count; index++)
            {
                var item = batch[index];
                switch (states[index])
                {
                    case ClaimState.Claimed:
                        await _slots.WaitAsync(reading);
                        Track(item, DeliverAsync(item, calling));
                        break;
                    case ClaimState.Finished:
                        // Delivered before (a replay, a reconnection, a restart): its record is in
                        // Redis already, so its place may be passed at once.
                        if (item.Slot is { } slot)
                        {
                            item.Pass.Window.Finish(slot);
                        }

                        _redriving.TryRemove(item.Uuid, out _);
                        Interlocked.Increment(ref _duplicates);
                        _metrics.DuplicateAvoided(_name, 1);
                        break;
                    case ClaimState.Gone:
                        // Uninstalled: stop at once, send nothing more.
                        await _gone.CancelAsync();
                        break;
                    default:
                        await _slots.WaitAsync(reading);
                        Track(item, WaitThenDeliverAsync(item, calling));
                        break;
                }
            }
        }
    }

    private void Track(DeliveryItem item, Task call)
    {
        _calls[item] = call;
        _ = call.ContinueWith(
            _ => _calls.TryRemove(item, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // One pipeline per pass in the batch: a constant number of round trips.
    private async Task<IReadOnlyList<ClaimState>> ClaimAsync(IReadOnlyList<DeliveryItem> batch, CancellationToken cancellationToken)
    {
        var lifetime = _options.HttpTimeout + _options.InFlightMarkMargin;
        var claimedAt = _clock.GetUtcNow();
        var states = new ClaimState[batch.Count];
        foreach (var group in batch.Select((item, index) => (item, index)).GroupBy(entry => entry.item.Pass.Name))
        {
            var entries = group.ToList();
            var claimed = await RetryStorageAsync(
                () => _store.ClaimAsync(_key, group.Key, entries.Select(entry => entry.item.Uuid).ToList(), _owner, lifetime), cancellationToken);
            for (var index = 0; index < entries.Count; index++)
            {
                states[entries[index].index] = claimed[index];
                entries[index].item.ClaimedAt = claimedAt;
            }
        }

        return states;
    }

    // Another process's mark (it died, or lost its lease mid-call): wait until it is ours.
    private async Task WaitThenDeliverAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var recording = false;
        try
        {
            while (true)
            {
                await Task.Delay(_options.BusyRetryInterval, _clock, cancellationToken);
                var state = (await ClaimAsync([item], cancellationToken))[0];
                if (state == ClaimState.Finished)
                {
                    if (item.Slot is { } slot)
                    {
                        item.Pass.Window.Finish(slot);
                    }

                    Interlocked.Increment(ref _duplicates);
                    _metrics.DuplicateAvoided(_name, 1);
                    return;
                }

                if (state == ClaimState.Claimed)
                {
                    recording = await DeliverCoreAsync(item, cancellationToken);
                    return;
                }

                if (state == ClaimState.Gone)
                {
                    await _gone.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (!recording)
            {
                _slots.Release();
            }
        }
    }

    private async Task DeliverAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var recording = false;
        try
        {
            recording = await DeliverCoreAsync(item, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unfinished: its place holds the checkpoint back and it is read again.
        }
        catch (MarkLostException)
        {
            // Another process took it over: only possible when this one lost its lease.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Installation {Installation}: delivering an activity failed unexpectedly", _name);
        }
        finally
        {
            if (!recording)
            {
                _slots.Release();
            }
        }
    }

    // True when the outcome went to the recorder, which gives the item's slot back once it is
    // written; otherwise the caller gives it back.
    private async Task<bool> DeliverCoreAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var outcome = await _sender.SendAsync(item, cancellationToken);
        switch (outcome.Result)
        {
            case DeliveryResult.Delivered:
                if (item.MetricTimestamp > 0)
                {
                    _metrics.Latency(_name, (_clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(item.MetricTimestamp)).TotalSeconds);
                }

                Record(item, new Completion(item.Uuid, null));
                return true;
            case DeliveryResult.Dead:
                RecordError(Short($"{(outcome.StatusCode == 0 ? "no answer" : outcome.StatusCode.ToString())}: {outcome.Response}"));
                _metrics.DeadLetter(_name);
                Record(item, new Completion(item.Uuid, new DeadLetter
                {
                    Uuid = item.Uuid,
                    Metric = item.Metric,
                    StatusCode = outcome.StatusCode,
                    Response = outcome.Response,
                    DeadTime = Timestamp.FromDateTimeOffset(_clock.GetUtcNow()),
                    Attempts = item.Attempts,
                    Json = System.Text.Encoding.UTF8.GetString(item.Body, 1, item.Body.Length - 2),
                }));
                return true;
            case DeliveryResult.CredentialsRefused:
                var reason = $"the endpoint refused the credentials ({outcome.StatusCode}); update them to resume";
                RecordError(reason);
                await RetryStorageAsync(async () =>
                {
                    await _installations.PauseAsync(_key, _record.CredentialsVersion, reason);
                    return true;
                }, CancellationToken.None);
                await _pause.CancelAsync();
                break;
        }

        return false;
    }

    // The item keeps its slot until its record is in Redis: what a crash can send twice (sent,
    // not yet recorded) is then never more than MaxInFlight. The flusher gives the slots of a
    // whole flush back at once.
    private void Record(DeliveryItem item, Completion completion) => _completions.Writer.TryWrite((item, completion));

    private async Task RenewMarkAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var state = (await ClaimAsync([item], cancellationToken))[0];
        if (state == ClaimState.Gone)
        {
            await _gone.CancelAsync();
            throw new OperationCanceledException(_gone.Token);
        }

        if (state != ClaimState.Claimed)
        {
            throw new MarkLostException();
        }
    }

    private void OnAttempt(DeliveryItem item, int status, string error)
    {
        var statusClass = status == 0 ? "network" : $"{status / 100}xx";
        if (item.Attempts > 1)
        {
            Interlocked.Increment(ref _retried);
        }

        if (status is >= 200 and < 300)
        {
            _metrics.Attempt(_name, "delivered", statusClass);
            return;
        }

        Interlocked.Increment(ref _failed);
        var outcome = status is 401 or 403 ? "paused" : status is 0 or 408 or 429 or >= 500 ? "retry" : "dead";
        _metrics.Attempt(_name, outcome, statusClass);
        RecordError(status == 0 ? error : $"HTTP {status}");
    }

    // Writes what finished, with the checkpoint, until the session ends and everything is written.
    private async Task FlushAsync()
    {
        var reader = _completions.Reader;
        var pending = new List<(DeliveryItem Item, Completion Completion)>();
        while (true)
        {
            var open = true;
            if (!reader.TryPeek(out _))
            {
                // Nothing finished: the checkpoint may still move past positions the stream only
                // reported as progress.
                try
                {
                    using var tick = new CancellationTokenSource(FlushInterval);
                    open = await reader.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }

            while (pending.Count < MaxFlushBatch && reader.TryRead(out var entry))
            {
                pending.Add(entry);
            }

            foreach (var pass in _passes)
            {
                var done = pending.Where(entry => entry.Item.Pass == pass).ToList();
                foreach (var (item, _) in done)
                {
                    if (item.Slot is { } slot)
                    {
                        pass.Window.Finish(slot);
                    }
                }

                var checkpoint = pass.Window.Advance()?.ToString();
                var counters = pass == _passes[0]
                    ? new CompletionCounters(Interlocked.Exchange(ref _retried, 0), Interlocked.Exchange(ref _failed, 0), Interlocked.Exchange(ref _duplicates, 0))
                    : default;
                var completions = done.Select(entry => entry.Completion).ToList();
                // Until it is written: a delivered record must not be lost to a Redis outage.
                await RetryStorageAsync(async () =>
                {
                    await _store.CompleteAsync(_key, pass.Name, _owner, _record.Version, completions, checkpoint, counters);
                    return true;
                }, CancellationToken.None);
                foreach (var (item, _) in done)
                {
                    _redriving.TryRemove(item.Uuid, out _);
                }

                if (done.Count > 0)
                {
                    _slots.Release(done.Count);
                }

                if (pass.IsReplay && pass.ReachedEnd && !pass.Done && pass.Window.Unfinished == 0)
                {
                    pass.Done = true;
                    await RetryStorageAsync(async () =>
                    {
                        await _installations.FinishReplayAsync(_key, pass.ReplayId);
                        return true;
                    }, CancellationToken.None);
                }
            }

            pending.Clear();
            if (!open && reader.Completion.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task<T> RetryStorageAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception exception) when (exception is RedisException or RedisTimeoutException)
            {
                RecordError("Redis unreachable");
                await Task.Delay(StorageRetry, _clock, cancellationToken);
            }
        }
    }

    private void RecordError(string message)
    {
        Volatile.Write(ref _lastError, Short(message));
        Interlocked.Exchange(ref _lastErrorMilliseconds, _clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private static string Short(string text) => text.Length > 200 ? text[..200] : text;

    private static async Task WhenAllQuietly(IReadOnlyCollection<Task> tasks)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            // Each task's own failure is logged where it happens; here only the end counts.
        }
    }
}
