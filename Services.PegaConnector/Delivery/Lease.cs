using Deployteq.PegaConnector.Model;

namespace Deployteq.PegaConnector.Delivery;

// This process's hold on one installation: the token Redis keeps for it and the epoch its
// in-flight marks carry. Valid until a lifetime after the last renewal that Redis confirmed,
// counted from when that renewal was sent (Redis counts from later), less a safety margin: once
// it is past, this process must not start another call, since a new holder may already be
// sending.
public sealed class Lease : IDisposable
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private readonly CancellationTokenSource _lost = new();
    private long _validUntil;

    public Lease(InstallationKey key, string token, long epoch, long acquiredAt, TimeSpan lifetime, TimeProvider clock)
    {
        Key = key;
        Token = token;
        Epoch = epoch;
        _clock = clock;
        _lifetime = lifetime - TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, lifetime.Ticks / 10));
        Confirm(acquiredAt);
    }

    public static string TokenOf(string owner, long epoch) => owner + "@" + epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public InstallationKey Key { get; }

    public string Token { get; }

    public long Epoch { get; }

    // Cancelled once the lease is known lost or has run out.
    public CancellationToken Lost => _lost.Token;

    public bool IsValid => !_lost.IsCancellationRequested && _clock.GetTimestamp() < Interlocked.Read(ref _validUntil);

    // How long it stays valid without another renewal.
    public TimeSpan Remaining => IsValid ? _clock.GetElapsedTime(_clock.GetTimestamp(), Interlocked.Read(ref _validUntil)) : TimeSpan.Zero;

    // `sentAt`: the timestamp taken before the renewal that Redis confirmed was sent.
    public void Confirm(long sentAt) =>
        Interlocked.Exchange(ref _validUntil, sentAt + (long)(_lifetime.TotalSeconds * _clock.TimestampFrequency));

    public void Lose()
    {
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _lost.Dispose();
}
