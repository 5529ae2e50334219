using Deployteq.ServiceDefaults.Calls;
using System.Text.RegularExpressions;
using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;
using EventsBounceType = Deployteq.Events.V1.BounceType;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Events.Enrichment;

// CONTRACT.md "Mailability rules": a bounce counts, an open or a click of the customer resets the
// soft count (one of a machine resets nothing), a complaint counts, an unsubscribe marks the
// customer. Customers owns the counters; every activity goes with its uuid, so a retried emit
// counts once.
public sealed partial class MailabilityRecorder(MailabilityClient mailability) : IMailabilityRecorder
{
    [GeneratedRegex(@"^events\[(\d+)\]\.")]
    private static partial Regex EventPath();

    public async Task RecordAsync(IReadOnlyList<Activity> activities, Func<int, string> fieldPrefix, CancellationToken cancellationToken)
    {
        var request = new RecordMailabilityEventsRequest();
        var recorded = new List<int>();
        for (var position = 0; position < activities.Count; position++)
        {
            if (KindOf(activities[position]) is { } kind)
            {
                var activity = activities[position];
                request.Events.Add(new MailabilityEventItem { CustomerId = activity.CustomerId, Kind = kind, ActivityUuid = activity.Uuid });
                recorded.Add(position);
            }
        }

        if (recorded.Count == 0)
        {
            return;
        }

        RecordMailabilityEventsResponse response;
        try
        {
            response = await mailability.RecordMailabilityEventsAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // A customer deleted between our lookup and this call: name the activities it hits.
            throw Problems.ForFields(Code.NotFound, "Not found in your brand", Renamed(exception, recorded, fieldPrefix));
        }
        catch (RpcException exception)
        {
            throw CustomersFailure.Map(exception, "Emitting activities", Scopes.Mailability);
        }

        for (var index = 0; index < recorded.Count; index++)
        {
            var activity = activities[recorded[index]];
            var state = response.States[index];
            switch (activity.Metric)
            {
                case Metric.Bounces:
                    activity.Bounce.BounceCountHard = state.HardBounceCount;
                    activity.Bounce.BounceCountSoft = state.SoftBounceCount;
                    break;
                case Metric.Complaints:
                    activity.Complaint = new ComplaintDetails { Complaints = state.ComplaintCount };
                    break;
            }
        }
    }

    private static MailabilityEventKind? KindOf(Activity activity) => activity.Metric switch
    {
        Metric.Bounces => activity.Bounce.BounceType == EventsBounceType.Hard ? MailabilityEventKind.HardBounce : MailabilityEventKind.SoftBounce,
        Metric.Complaints => MailabilityEventKind.Complaint,
        // A privacy proxy or a link scanner is not the customer engaging.
        Metric.Opens when !activity.Open.MachineGenerated => MailabilityEventKind.Engagement,
        Metric.Clicks or Metric.ShortLinks when !activity.Click.MachineGenerated => MailabilityEventKind.Engagement,
        Metric.Unsubscribes => MailabilityEventKind.Unsubscribe,
        _ => null,
    };

    private static List<BadRequest.Types.FieldViolation> Renamed(RpcException exception, List<int> recorded, Func<int, string> fieldPrefix)
    {
        var violations = exception.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [];
        var renamed = new List<BadRequest.Types.FieldViolation>();
        foreach (var violation in violations)
        {
            var match = EventPath().Match(violation.Field);
            if (match.Success && int.TryParse(match.Groups[1].ValueSpan, out var index) && index < recorded.Count)
            {
                renamed.Add(new BadRequest.Types.FieldViolation
                {
                    Field = fieldPrefix(recorded[index]) + violation.Field[match.Length..],
                    Description = violation.Description.Replace("this brand", "your brand", StringComparison.Ordinal),
                });
            }
        }

        return renamed;
    }
}
