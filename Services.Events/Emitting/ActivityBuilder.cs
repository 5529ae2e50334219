using Deployteq.Customers.V1;
using Deployteq.Events.Enrichment;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Emitting;

// Builds the stored activity from the caller's facts and what enrichment found: brand, customer,
// broadcast details, addresses and what the user agent tells. The request's messages are this
// call's own and each item is built once, so their details are taken over rather than copied (a
// batch of a thousand would otherwise copy a thousand of each).
public sealed class ActivityBuilder(UserAgentClassifier userAgents)
{
    private const string DefaultBroadcastType = "MAIL";

    // recipient: where the broadcast went for this customer when not to the customer's address.
    public Activity Build(
        CallerIdentity caller, NewActivity item, string uuid, long metricTimestamp, Customer customer,
        BroadcastDetails broadcast, string? recipient)
    {
        // Given on this activity, else where the broadcast went for this customer, else the
        // customer's own address.
        var address = item.EmailAddress.Length > 0 ? item.EmailAddress : recipient ?? customer.EmailAddress;
        var activity = new Activity
        {
            Uuid = uuid,
            Metric = item.Metric,
            MetricTimestamp = metricTimestamp,
            PortalId = caller.PortalId,
            PortalName = caller.PortalName,
            BrandId = caller.BrandId,
            BrandName = caller.BrandName,
            CustomerId = customer.Id,
            ExternalId = customer.ExternalId,
            CustomerEmailAddress = customer.EmailAddress,
            EmailAddress = address,
            EmailDomain = PegaActivityJson.DomainOf(address),
            EmailAddressOverride = !string.Equals(address, customer.EmailAddress, StringComparison.OrdinalIgnoreCase),
            BroadcastId = item.BroadcastId,
            Broadcast = broadcast,
        };

        switch (item.Metric)
        {
            case Metric.Opens:
                var open = item.Open ?? new OpenDetails();
                var openAgent = userAgents.Classify(open.UserAgent);
                (open.Os, open.Browser, open.MachineGenerated) = (openAgent.Os, openAgent.Browser, openAgent.MachineGenerated);
                activity.Open = open;
                break;
            case Metric.Clicks or Metric.ShortLinks:
                var click = item.Click;
                var clickAgent = userAgents.Classify(click.UserAgent);
                (click.Os, click.Browser, click.MachineGenerated) = (clickAgent.Os, clickAgent.Browser, clickAgent.MachineGenerated);
                activity.Click = click;
                break;
            case Metric.Bounces:
                activity.Bounce = item.Bounce;
                break;
            case Metric.Complaints:
                activity.Complaint = new ComplaintDetails();
                break;
        }

        return activity;
    }

    // A broadcast activity's details as they are kept: its timestamp defaults to the activity's,
    // its type to MAIL. Takes over the request's details.
    public static BroadcastDetails NewBroadcast(BroadcastDetails given, long metricTimestamp)
    {
        var details = given;
        if (details.BroadcastTimestamp == 0)
        {
            details.BroadcastTimestamp = metricTimestamp;
        }

        if (details.BroadcastType.Length == 0)
        {
            details.BroadcastType = DefaultBroadcastType;
        }

        details.BroadcastManualOptions ??= new Struct();
        return details;
    }

    // What a customer without a broadcast activity of their own sees: never another recipient's
    // manual options.
    public static BroadcastDetails Shared(BroadcastDetails recipients)
    {
        var details = recipients.Clone();
        details.BroadcastManualOptions = new Struct();
        return details;
    }
}
