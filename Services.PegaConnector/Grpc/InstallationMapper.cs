using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.PegaConnector.Grpc;

public static class InstallationMapper
{
    // Never the password, never the Events token.
    public static Installation ToProto(InstallationRecord record, InstallationStatus status)
    {
        var installation = new Installation
        {
            InstallationId = record.Id,
            BrandId = record.BrandId,
            EndpointUrl = record.EndpointUrl,
            Username = record.Username,
            Activities = { record.Activities },
            Financial = new Financial { InvoiceInterval = record.InvoiceInterval, PoNumber = record.PoNumber },
            ManualOptionDefaults = record.ManualOptionDefaults.Clone(),
            CreateTime = Timestamp.FromDateTimeOffset(record.Created),
            UpdateTime = Timestamp.FromDateTimeOffset(record.Updated),
            State = status.State,
            PauseReason = record.IsPaused ? record.PauseReason : "",
            Counts = status.Counts,
            Lag = new DeliveryLag { Activities = status.LagActivities, Seconds = status.LagSeconds },
            Checkpoint = status.Checkpoint,
        };
        if (status.LastError.Length > 0 && status.LastErrorTime is { } time)
        {
            installation.LastError = new LastError { Message = status.LastError, Time = Timestamp.FromDateTimeOffset(time) };
        }

        if (status.Pace.ConcurrencyLimit > 0)
        {
            installation.Pace = new DeliveryPace
            {
                ConcurrencyLimit = status.Pace.ConcurrencyLimit,
                InFlight = status.Pace.InFlight,
                HeldBy = status.Pace.HeldBy,
                HeldUntil = status.Pace.HeldUntilMilliseconds > 0 ? Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(status.Pace.HeldUntilMilliseconds)) : null,
            };
        }

        return installation;
    }
}
