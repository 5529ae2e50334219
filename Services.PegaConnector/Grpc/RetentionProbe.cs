using Deployteq.Events.V1;
using Deployteq.PegaConnector.Model;
using Deployteq.ServiceDefaults.Auth;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using EventsClient = Deployteq.Events.V1.Events.EventsClient;

namespace Deployteq.PegaConnector.Grpc;

// Asks Events whether a replay's start is still kept, by opening the installation's subscription
// there: OUT_OF_RANGE when retention has trimmed it, UNAVAILABLE when Events cannot say.
public sealed class RetentionProbe(EventsClient events)
{
    public async Task EnsureKeptAsync(InstallationRecord record, Timestamp fromTime, CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = events.Subscribe(
            new SubscribeRequest { FromTime = fromTime, Metrics = { ActivityKinds.Metrics(record.Activities) } },
            BearerToken.Header(record.EventsToken), cancellationToken: probe.Token);
        try
        {
            await call.ResponseHeadersAsync;
            // Headers can come with an immediate status; that tells the answer too.
            if (call.GetTrailers() is not null && call.GetStatus().StatusCode != StatusCode.OK)
            {
                throw new RpcException(call.GetStatus());
            }
        }
        catch (InvalidOperationException)
        {
            // No status yet: the stream is open, so the start is kept.
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.OutOfRange)
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, "from_time is before what the Events retention keeps."));
        }
        catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "Events is unreachable; retry later."));
        }

        await probe.CancelAsync();
    }
}
