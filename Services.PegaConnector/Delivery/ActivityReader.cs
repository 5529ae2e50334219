using Deployteq.Events.V1;
using Deployteq.PegaConnector.Model;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Deployteq.ServiceDefaults.Streams;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Delivery;

// Turns a pass's Events stream into delivery items, from its checkpoint (or start), resuming after
// the last position read whenever the stream breaks. Reopening goes through ServiceDefaults'
// FeedReconnection (backoff with jitter, capped low: delivery resumes soon after Events is back).
// Waiting for room in the intake (the endpoint sets the pace) is not silence of the stream.
public sealed class ActivityReader(
    SessionContext session, DeliveryIntake intake, SessionStatus status, EventsClient events, IOptions<PegaConnectorOptions> options,
    ILogger<ActivityReader> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _idleTimeout = options.Value.StreamIdleTimeout;

    public async Task ReadAsync(DeliveryPass pass, CancellationToken cancellationToken)
    {
        var resume = new ResumePoint(pass.Window.Checkpoint?.ToString());
        // The stream breaking is retried; anything else is a bug, and ends the session with it.
        var reconnection = new FeedReconnection(
            $"The Events stream of installation {session.Name}", FirstRetry, LastRetry, logger,
            retried: exception => exception is RpcException or OperationCanceledException or FeedNotHeardException);
        await reconnection.RunAsync((feed, token) => WatchAsync(pass, resume, feed, token), lost: () => { }, cancellationToken);
    }

    private async Task WatchAsync(DeliveryPass pass, ResumePoint resume, FeedSession feed, CancellationToken cancellationToken)
    {
        var request = resume.Request(ActivityKinds.Metrics(session.Record.Activities), pass.FromMilliseconds);
        logger.LogDebug("Installation {Installation}: subscribing {Request}", session.Name, request);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            idle.CancelAfter(_idleTimeout);
            using var call = events.Subscribe(request, BearerToken.Header(session.Record.EventsToken), cancellationToken: idle.Token);
            while (await call.ResponseStream.MoveNext(idle.Token))
            {
                feed.Heard();
                idle.CancelAfter(_idleTimeout);
                if (await HandOnAsync(pass, resume, call.ResponseStream.Current, idle, cancellationToken))
                {
                    feed.End();
                    return;
                }

                idle.CancelAfter(_idleTimeout);
            }
        }
        catch (Exception exception) when (exception is RpcException or OperationCanceledException
            && idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Installation {Installation}: the Events stream was silent for {Timeout}; opening it again", session.Name, _idleTimeout);
            status.RecordError("the Events stream went silent; reopened");
            throw;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.OutOfRange)
        {
            // Retention trimmed positions this installation had not read: they are gone. Said
            // loudly (last error), then delivery goes on with what is kept.
            status.RecordError("activities passed the Events retention before they were delivered; resuming from the oldest kept");
            logger.LogError("Installation {Installation}: stream position trimmed by retention; resuming from the oldest kept", session.Name);
            resume.FromOldest();
            throw;
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            logger.LogWarning("Installation {Installation}: Events refused the installation's token ({Status})", session.Name, exception.StatusCode);
            status.RecordError("the Events token was refused: " + SessionStatus.Short(exception.Status.Detail));
            throw;
        }
        catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Installation {Installation}: reading Events failed ({Status}); resuming", session.Name, exception.StatusCode);
            status.RecordError("reading Events failed: " + exception.StatusCode);
            throw;
        }
    }

    // True once the pass has reached its end; otherwise the response is in the window (and its
    // activity in the intake) and the resume point is past it.
    private async Task<bool> HandOnAsync(
        DeliveryPass pass, ResumePoint resume, SubscribeResponse response, CancellationTokenSource idle, CancellationToken cancellationToken)
    {
        if (!StreamCursor.TryParse(response.Cursor, out var position))
        {
            return false;
        }

        resume.After(response.Cursor);
        if (pass.ToMilliseconds is { } end && position.Milliseconds > (ulong)end)
        {
            pass.ReachedEnd = true;
            return true;
        }

        if (response.Activity is not { } activity)
        {
            // Progress: nothing selected up to here.
            pass.Window.Add(position, finished: true);
            return false;
        }

        var slot = pass.Window.Add(position, finished: false);
        var body = ActivityBodies.Build(activity, session.Record.ManualOptionDefaults);
        idle.CancelAfter(Timeout.InfiniteTimeSpan);
        await intake.WriteAsync(
            new DeliveryItem(
                pass, slot, session.NextSequence(), activity.Uuid, PegaActivityJson.MetricName(activity.Metric), activity.MetricTimestamp, body,
                response.TraceParent, response.TraceState),
            cancellationToken);
        return false;
    }
}
