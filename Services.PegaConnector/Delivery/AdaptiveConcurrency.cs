namespace Deployteq.PegaConnector.Delivery;

// How many calls one installation keeps in flight, adapted to its endpoint between MinInFlight and
// MaxInFlight (AIMD, with a latency signal):
// - up while calls succeed, latency stays flat and the limit is what holds delivery back: by half
//   a call per success until the first sign of overload (doubling within a few round trips), then
//   by one call per round trip up to one below the level that was too much last time; it stays
//   there, and only ten seconds after the last overload it probes further (by one a round trip),
//   since going over costs a Retry-After that holds the whole endpoint;
// - down to three quarters of what was in flight on a 429, a 5xx, a timeout or a network error,
//   and to nine tenths when the median call of a round (as many calls as the limit) took more
//   than twice the minimum of the last 10 to 20 seconds (plus 10 ms of noise); at most once per
//   round trip, since one overload shows in every call of that round. A latency that lasts
//   becomes the new minimum within 20 seconds.
// A slot is taken before a call and given back once its outcome is recorded, so what a crash can
// send twice is at most the limit.
public sealed class AdaptiveConcurrency
{
    private const double Backoff = 0.75;
    private const double LatencyBackoff = 0.9;
    private static readonly TimeSpan LatencyNoise = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly double _floor;
    private readonly double _cap;
    private double _limit;
    private double _ceiling = double.NaN;
    private int _inUse;
    private TaskCompletionSource? _waiter;
    private double _smoothedRtt;
    private double _minRtt = double.MaxValue;
    private double _previousMinRtt = double.MaxValue;
    private readonly List<double> _round = [];
    private bool _slow;
    private long _windowStart;
    private long _lastDecrease;

    public AdaptiveConcurrency(PegaConnectorOptions options, TimeProvider clock)
    {
        _clock = clock;
        _floor = options.MinInFlight;
        _cap = options.MaxInFlight;
        _limit = Math.Clamp(options.InitialInFlight, _floor, _cap);
        _windowStart = clock.GetTimestamp();
        _lastDecrease = _windowStart;
    }

    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return (int)_limit;
            }
        }
    }

    public int InFlight => Volatile.Read(ref _inUse);

    // One slot; one waiter at a time (the scheduler).
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_inUse < (int)_limit)
            {
                _inUse++;
                return Task.CompletedTask;
            }

            waiter = _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return WaitForSlotAsync(waiter, cancellationToken);
    }

    public void Release(int count = 1)
    {
        TaskCompletionSource? woken = null;
        lock (_gate)
        {
            _inUse -= count;
            if (_waiter is { } waiter && _inUse < (int)_limit)
            {
                _inUse++;
                _waiter = null;
                woken = waiter;
            }
        }

        woken?.TrySetResult();
    }

    public void OnSuccess(TimeSpan roundTrip)
    {
        lock (_gate)
        {
            var rtt = roundTrip.TotalSeconds;
            var now = _clock.GetTimestamp();
            if (_clock.GetElapsedTime(_windowStart, now) > MinimumWindow)
            {
                _previousMinRtt = _minRtt;
                _minRtt = double.MaxValue;
                _windowStart = now;
            }

            _minRtt = Math.Min(_minRtt, rtt);
            _smoothedRtt = _smoothedRtt == 0 ? rtt : _smoothedRtt + (rtt - _smoothedRtt) / Math.Max(16, _limit);
            _round.Add(rtt);
            if (_round.Count >= Math.Max(8, (int)_limit))
            {
                // The round's median against the recent minimum: queueing raises the median, a
                // slow call now and then (a pause of this process) does not.
                _round.Sort();
                _slow = _round[_round.Count / 2] > 2 * Math.Min(_minRtt, _previousMinRtt) + LatencyNoise.TotalSeconds;
                _round.Clear();
                if (_slow)
                {
                    DecreaseTo(_limit * LatencyBackoff, now);
                }
            }

            if (_slow || _inUse < Math.Floor(_limit) * 0.8)
            {
                // Latency rises, or the limit is not what holds delivery back: no growth.
                return;
            }

            if (double.IsNaN(_ceiling))
            {
                _limit = Math.Min(_cap, _limit + 0.5);
            }
            else if (_limit + 1 < _ceiling || _clock.GetElapsedTime(_lastDecrease, now) > ProbeAfter)
            {
                _limit = Math.Min(_cap, _limit + 1 / _limit);
            }
            else
            {
                _limit = Math.Max(_limit, Math.Min(_cap, _ceiling - 1));
            }
        }
    }

    // A 429, a 5xx, a timeout or a network error.
    public void OnOverload()
    {
        lock (_gate)
        {
            var tooMuch = Math.Min(_limit, _inUse);
            if (DecreaseTo(tooMuch * Backoff, _clock.GetTimestamp()))
            {
                _ceiling = tooMuch;
            }
        }
    }

    private bool DecreaseTo(double limit, long now)
    {
        var round = TimeSpan.FromSeconds(Math.Max(_smoothedRtt, 0.01));
        if (_clock.GetElapsedTime(_lastDecrease, now) < round)
        {
            return false;
        }

        _lastDecrease = now;
        _limit = Math.Max(_floor, Math.Min(_limit, limit));
        return true;
    }

    private async Task WaitForSlotAsync(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        // Cancelled only while still waiting: a slot given already stays given, to the caller.
        await using var registration = cancellationToken.Register(() =>
        {
            bool waiting;
            lock (_gate)
            {
                waiting = _waiter == waiter;
                if (waiting)
                {
                    _waiter = null;
                }
            }

            if (waiting)
            {
                waiter.TrySetCanceled(cancellationToken);
            }
        });
        await waiter.Task;
    }
}
