using Deployteq.PegaConnector.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.PegaConnector.Model;

// One installation as stored; the password and the Events token are held decrypted only here,
// in memory, on their way to a call.
public sealed record InstallationRecord
{
    public required long BrandId { get; init; }

    public required long Id { get; init; }

    public required string EndpointUrl { get; init; }

    public required string Username { get; init; }

    public required string Password { get; init; }

    public required string EventsToken { get; init; }

    public required long EventsTokenId { get; init; }

    public required IReadOnlyList<ActivityKind> Activities { get; init; }

    public InvoiceInterval InvoiceInterval { get; init; }

    public string PoNumber { get; init; } = "";

    public Struct ManualOptionDefaults { get; init; } = new();

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset Updated { get; init; }

    // Redis time of the install: delivery starts with what is recorded from then on.
    public long StartMilliseconds { get; init; }

    // Grows with every update: a running delivery restarts with the new settings.
    public long Version { get; init; }

    // Grows with every new endpoint or credentials: a pause for refused credentials lasts while
    // it is the one paused at.
    public long CredentialsVersion { get; init; }

    public string PauseReason { get; init; } = "";

    public long PausedAtCredentialsVersion { get; init; }

    public bool IsPaused => PauseReason.Length > 0 && PausedAtCredentialsVersion == CredentialsVersion;

    public long ReplayId { get; init; }

    public long ReplayFromMilliseconds { get; init; }

    public long ReplayToMilliseconds { get; init; }

    public bool HasReplay => ReplayId > 0 && ReplayToMilliseconds > 0;

    // This record with what the update's mask names taken from it (paths validated already).
    public InstallationRecord Merge(UpdateInstallationRequest update, IReadOnlyCollection<string> paths, DateTimeOffset now)
    {
        var endpoint = paths.Contains("endpoint");
        var financial = paths.Contains("financial");
        return this with
        {
            EndpointUrl = endpoint ? update.Endpoint.Url : EndpointUrl,
            Username = endpoint ? update.Endpoint.Username : Username,
            Password = endpoint ? update.Endpoint.Password : Password,
            Activities = paths.Contains("activities") ? update.Activities.ToList() : Activities,
            InvoiceInterval = financial ? update.Financial?.InvoiceInterval ?? InvoiceInterval.Unspecified : InvoiceInterval,
            PoNumber = financial ? update.Financial?.PoNumber ?? "" : PoNumber,
            ManualOptionDefaults = paths.Contains("manual_option_defaults") ? update.ManualOptionDefaults ?? new Struct() : ManualOptionDefaults,
            Updated = now,
        };
    }
}
