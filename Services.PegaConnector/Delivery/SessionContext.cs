using Deployteq.PegaConnector.Model;

namespace Deployteq.PegaConnector.Delivery;

// The one installation a delivery scope works for: its settings, the lease it is delivered
// under, its passes, and how the session ends early (paused, uninstalled, lease lost). Given
// once, by the runner, right after the scope is made and before any stage is resolved.
public sealed class SessionContext : IDisposable
{
    private readonly CancellationTokenSource _paused = new();
    private readonly CancellationTokenSource _gone = new();
    private InstallationRecord? _record;
    private Lease? _lease;
    private DeliveryPass[] _passes = [];
    private long _sequence;

    public InstallationRecord Record => _record ?? throw new InvalidOperationException("The session has not been started.");

    public Lease Lease => _lease ?? throw new InvalidOperationException("The session has not been started.");

    public InstallationKey Key { get; private set; }

    // "<brand>:<installation>", for logs and metrics.
    public string Name { get; private set; } = "";

    // Set once, before the stages run; the lease keeper reads it from another thread.
    public IReadOnlyList<DeliveryPass> Passes
    {
        get => Volatile.Read(ref _passes);
        set => Volatile.Write(ref _passes, value.ToArray());
    }

    public bool IsPaused => _paused.IsCancellationRequested;

    // Paused (credentials refused), uninstalled, or the lease lost.
    public CancellationToken Ended => _gone.Token;

    public CancellationToken Paused => _paused.Token;

    public void Start(InstallationRecord record, Lease lease)
    {
        _record = record;
        _lease = lease;
        Key = new InstallationKey(record.BrandId, record.Id);
        Name = Key.ToString();
    }

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Pause()
    {
        _paused.Cancel();
        _gone.Cancel();
    }

    public void End() => _gone.Cancel();

    public void Dispose()
    {
        _paused.Dispose();
        _gone.Dispose();
    }
}
