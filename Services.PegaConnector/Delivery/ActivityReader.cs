using Deployteq.Events.V1;
using Deployteq.PegaConnector.Model;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Streams;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Delivery;

// Turns a pass's Events stream into delivery items, from its checkpoint (or start), resuming after
// the last position read whenever the stream breaks. Waiting for room in the intake (the endpoint
// sets the pace) is not silence of the stream.
public sealed class ActivityReader(
    SessionContext session, DeliveryIntake intake, SessionStatus status, EventsClient events, IOptions<PegaConnectorOptions> options, TimeProvider clock,
    ILogger<ActivityReader> logger)
{
    private readonly TimeSpan _idleTimeout = options.Value.StreamIdleTimeout;

    public async Task ReadAsync(DeliveryPass pass, CancellationToken cancellationToken)
    {
        var record = session.Record;
        var metrics = ActivityKinds.Metrics(record.Activities);
        var after = pass.Window.Checkpoint?.ToString();
        var fromOldest = false;
        var headers = BearerToken.Header(record.EventsToken);
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

            logger.LogDebug("Installation {Installation}: subscribing {Request}", session.Name, request);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                idle.CancelAfter(_idleTimeout);
                using var call = events.Subscribe(request, headers, cancellationToken: idle.Token);
                while (await call.ResponseStream.MoveNext(idle.Token))
                {
                    idle.CancelAfter(_idleTimeout);
                    var response = call.ResponseStream.Current;
                    if (!StreamCursor.TryParse(response.Cursor, out var position))
                    {
                        continue;
                    }

                    after = response.Cursor;
                    if (pass.ToMilliseconds is { } end && position.Milliseconds > (ulong)end)
                    {
                        pass.ReachedEnd = true;
                        return;
                    }

                    if (response.Activity is not { } activity)
                    {
                        // Progress: nothing selected up to here.
                        pass.Window.Add(position, finished: true);
                        continue;
                    }

                    var slot = pass.Window.Add(position, finished: false);
                    var body = ActivityBodies.Build(activity, record.ManualOptionDefaults);
                    idle.CancelAfter(Timeout.InfiniteTimeSpan);
                    await intake.WriteAsync(
                        new DeliveryItem(
                            pass, slot, session.NextSequence(), activity.Uuid, PegaActivityJson.MetricName(activity.Metric), activity.MetricTimestamp, body,
                            response.TraceParent, response.TraceState),
                        cancellationToken);
                    idle.CancelAfter(_idleTimeout);
                }
            }
            catch (Exception exception) when (exception is RpcException or OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RpcException or OperationCanceledException && idle.IsCancellationRequested)
            {
                logger.LogWarning("Installation {Installation}: the Events stream was silent for {Timeout}; opening it again", session.Name, _idleTimeout);
                status.RecordError("the Events stream went silent; reopened");
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.OutOfRange)
            {
                // Retention trimmed positions this installation had not read: they are gone. Said
                // loudly (last error), then delivery goes on with what is kept.
                status.RecordError("activities passed the Events retention before they were delivered; resuming from the oldest kept");
                logger.LogError("Installation {Installation}: stream position trimmed by retention; resuming from the oldest kept", session.Name);
                after = null;
                fromOldest = true;
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                logger.LogWarning("Installation {Installation}: Events refused the installation's token ({Status})", session.Name, exception.StatusCode);
                status.RecordError("the Events token was refused: " + SessionStatus.Short(exception.Status.Detail));
                await Task.Delay(TimeSpan.FromSeconds(5), clock, cancellationToken);
            }
            catch (RpcException exception)
            {
                logger.LogWarning("Installation {Installation}: reading Events failed ({Status}); resuming", session.Name, exception.StatusCode);
                status.RecordError("reading Events failed: " + exception.StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
            }
        }
    }
}
