using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Grpc.Core;
using CustomersBounceType = Deployteq.Customers.V1.BounceType;
using EventsBounceType = Deployteq.Events.V1.BounceType;
using MailabilityClient = Deployteq.Customers.V1.Mailability.MailabilityClient;

namespace Deployteq.Events.Enrichment;

// CONTRACT.md "Mailability rules": a bounce counts, an open or a click resets the soft count, a
// complaint counts, an unsubscribe marks the customer. Customers owns the counters.
public sealed class MailabilityRecorder(MailabilityClient mailability) : IMailabilityRecorder
{
    public async Task RecordAsync(Activity activity, string token, CancellationToken cancellationToken)
    {
        var headers = BearerToken.Header(token);
        var customer = new CustomerRef { CustomerId = activity.CustomerId };
        try
        {
            switch (activity.Metric)
            {
                case Metric.Bounces:
                    var request = new RecordBounceRequest
                    {
                        CustomerId = activity.CustomerId,
                        Type = activity.Bounce.BounceType == EventsBounceType.Hard ? CustomersBounceType.Hard : CustomersBounceType.Soft,
                        // A retried emit of this activity then counts once in Customers.
                        ActivityUuid = activity.Uuid,
                    };
                    var afterBounce = await mailability.RecordBounceAsync(request, headers, cancellationToken: cancellationToken);
                    activity.Bounce.BounceCountHard = afterBounce.HardBounceCount;
                    activity.Bounce.BounceCountSoft = afterBounce.SoftBounceCount;
                    break;
                case Metric.Complaints:
                    var complaint = new RecordComplaintRequest { CustomerId = activity.CustomerId, ActivityUuid = activity.Uuid };
                    var afterComplaint = await mailability.RecordComplaintAsync(complaint, headers, cancellationToken: cancellationToken);
                    activity.Complaint = new ComplaintDetails { Complaints = afterComplaint.ComplaintCount };
                    break;
                case Metric.Opens or Metric.Clicks or Metric.ShortLinks:
                    await mailability.RecordEngagementAsync(customer, headers, cancellationToken: cancellationToken);
                    break;
                case Metric.Unsubscribes:
                    await mailability.RecordUnsubscribeAsync(customer, headers, cancellationToken: cancellationToken);
                    break;
            }
        }
        catch (RpcException exception)
        {
            throw CustomersFailure.Map(exception, Scopes.Mailability);
        }
    }
}
