using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.PegaConnector.Delivery;

// Delivers one installation with one set of settings while this process holds its lease: the
// readers (one per pass) and the redrive feed fill the intake, the claimer claims from it, the
// scheduler sends within the endpoint's pace, the recorder writes what finished with the
// checkpoint. Each stage is a type of its own in the session's DI scope.
public sealed class DeliverySession(
    SessionContext session, SessionReport report, SessionStatus status, ActivityReader reader, RedriveFeed redrive, Claimer claimer,
    DeliveryScheduler scheduler, OutcomeRecorder recorder, IDeliveryStore store, ConnectorMetrics metrics, TimeProvider clock, ILogger<DeliverySession> logger)
{
    public ReportedStatus Report() => report.Status();

    // Until `stop` (lease lost, settings changed, process stopping) or the session ends itself
    // (paused, uninstalled, lease lost). Calls out get `grace` more before they are cancelled; what
    // finished is recorded before this returns.
    public async Task RunAsync(CancellationToken stop, TimeSpan grace)
    {
        using var tracking = metrics.Track(session.Name, report.Gauges);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop, session.Ended);
        using var calling = CancellationTokenSource.CreateLinkedTokenSource(session.Ended);
        await using var graceOnStop = stop.Register(() => calling.CancelAfter(grace));

        var record = session.Record;
        var passes = new List<DeliveryPass> { new(PegaConnectorKeys.LivePass, await WindowAsync(PegaConnectorKeys.LivePass, reading.Token), record.StartMilliseconds, null, 0) };
        if (record.HasReplay)
        {
            var pass = PegaConnectorKeys.ReplayPass(record.ReplayId);
            passes.Add(new DeliveryPass(pass, await WindowAsync(pass, reading.Token), record.ReplayFromMilliseconds, record.ReplayToMilliseconds, record.ReplayId));
        }

        session.Passes = passes;
        var recording = recorder.RunAsync();
        var work = new List<Task>
        {
            StageAsync(claimer.RunAsync(reading.Token), "claiming"),
            StageAsync(scheduler.RunAsync(reading.Token, calling.Token), "sending"),
            StageAsync(redrive.RunAsync(passes[0], reading.Token), "redriving"),
        };
        work.AddRange(passes.Select(pass => StageAsync(reader.ReadAsync(pass, reading.Token), "reading")));
        try
        {
            await Task.WhenAll(work);
        }
        finally
        {
            await reading.CancelAsync();
            await Task.WhenAll(work);
            await scheduler.WhenIdleAsync();
            recorder.Complete();
            await recording;
        }
    }

    // A stage that fails ends the session (the runner starts a new one); cancellation is its end.
    private async Task StageAsync(Task stage, string what)
    {
        try
        {
            await stage;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Installation {Installation}: {What} failed", session.Name, what);
            session.End();
        }
    }

    private async Task<DeliveryWindow> WindowAsync(string pass, CancellationToken cancellationToken)
    {
        var stored = await StorageRetry.UntilDoneAsync(() => store.GetCheckpointAsync(session.Key, pass), status, clock, cancellationToken);
        return new DeliveryWindow(StreamCursor.TryParse(stored, out var position) ? position : null);
    }
}
