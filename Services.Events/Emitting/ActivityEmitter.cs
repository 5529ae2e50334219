using Deployteq.Customers.V1;
using Deployteq.Events.Enrichment;
using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Emitting;

// Turns validated facts into stored activities: uuid claims, enrichment, the mailability side
// effects, then one pipelined append. Nothing is written to the stream until every activity of
// the call has been enriched, so a bad reference rejects the whole call and stores nothing.
public sealed class ActivityEmitter(
    IActivityStore store,
    ICustomerDirectory customers,
    IMailabilityRecorder mailability,
    UserAgentClassifier userAgents,
    TimeProvider time,
    IOptions<EventsOptions> options)
{
    private const string DefaultBroadcastType = "MAIL";
    private const int MailabilityParallelism = 16;
    private static readonly TimeSpan HeldRetryDelay = TimeSpan.FromMilliseconds(20);

    // fieldPrefix gives the request path of item i for error details ("activity.", "activities[3].").
    public async Task<IReadOnlyList<EmitOutcome>> EmitAsync(
        CallerIdentity caller, string token, IReadOnlyList<NewActivity> items, Func<int, string> fieldPrefix,
        CancellationToken cancellationToken)
    {
        var count = items.Count;
        var uuids = new string[count];
        var generated = new bool[count];
        // The first item of the call with the same uuid; later ones are duplicates of it.
        var firstOf = new int[count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < count; index++)
        {
            generated[index] = items[index].Uuid.Length == 0;
            // Lower-case canonical form, so that "ABC…" and "abc…" are one activity.
            uuids[index] = generated[index] ? Guid.NewGuid().ToString("D") : Guid.Parse(items[index].Uuid).ToString("D");
            firstOf[index] = seen.TryAdd(uuids[index], index) ? index : seen[uuids[index]];
        }

        var outcomes = new EmitOutcome?[count];
        var claim = "~" + Guid.NewGuid().ToString("N");
        var toClaim = Enumerable.Range(0, count).Where(index => firstOf[index] == index && !generated[index]).ToList();
        await ClaimAsync(caller.BrandId, uuids, toClaim, claim, outcomes);

        var fresh = Enumerable.Range(0, count).Where(index => firstOf[index] == index && outcomes[index] is null).ToList();
        var claimed = fresh.Where(index => !generated[index]).Select(index => uuids[index]).ToList();
        try
        {
            if (fresh.Count > 0)
            {
                var entries = await EnrichAsync(caller, token, items, uuids, fresh, fieldPrefix, cancellationToken);
                await RecordMailabilityAsync(entries, token, cancellationToken);
                var appended = await store.AppendAsync(caller.BrandId, entries);
                for (var position = 0; position < fresh.Count; position++)
                {
                    outcomes[fresh[position]] = appended[position];
                }
            }
        }
        catch
        {
            // Lets a retry of these uuids go ahead at once instead of waiting for the claims to lapse.
            await store.ReleaseAsync(caller.BrandId, claimed, claim);
            throw;
        }

        for (var index = 0; index < count; index++)
        {
            if (firstOf[index] != index)
            {
                outcomes[index] = outcomes[firstOf[index]]! with { Duplicate = true };
            }
        }

        return outcomes!;
    }

    // Claims the uuids; a uuid that another emit holds is waited for, so that the answer is the
    // activity that emit stores (or this emit's own, if the other gave up).
    private async Task ClaimAsync(long brandId, string[] uuids, List<int> toClaim, string claim, EmitOutcome?[] outcomes)
    {
        var deadline = time.GetUtcNow() + options.Value.ClaimLifetime;
        while (toClaim.Count > 0)
        {
            var results = await store.ClaimAsync(brandId, toClaim.Select(index => uuids[index]).ToList(), claim);
            var held = new List<int>();
            for (var position = 0; position < toClaim.Count; position++)
            {
                switch (results[position].State)
                {
                    case ClaimState.Stored:
                        outcomes[toClaim[position]] = results[position].Stored;
                        break;
                    case ClaimState.HeldElsewhere:
                        held.Add(toClaim[position]);
                        break;
                }
            }

            if (held.Count > 0 && time.GetUtcNow() >= deadline)
            {
                throw new RpcException(new global::Grpc.Core.Status(
                    StatusCode.Unavailable, $"Another emit of uuid {uuids[held[0]]} is still in progress; retry later."));
            }

            toClaim = held;
            if (held.Count > 0)
            {
                await Task.Delay(HeldRetryDelay, time);
            }
        }
    }

    private async Task<List<NewEntry>> EnrichAsync(
        CallerIdentity caller, string token, IReadOnlyList<NewActivity> items, string[] uuids, List<int> fresh,
        Func<int, string> fieldPrefix, CancellationToken cancellationToken)
    {
        var brandId = caller.BrandId;
        var known = await customers.GetAsync(caller, token, fresh.Select(index => items[index].CustomerId).ToList(), cancellationToken);
        var others = fresh.Where(index => items[index].Metric != Metric.Broadcasts).ToList();
        var broadcasts = await store.GetBroadcastsAsync(
            brandId, others.Select(index => new BroadcastLookup(items[index].BroadcastId, items[index].CustomerId)).ToList());
        var storedBroadcasts = others.Select((index, position) => (index, position)).ToDictionary(pair => pair.index, pair => broadcasts[pair.position]);

        var missing = new List<BadRequest.Types.FieldViolation>();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        // Broadcasts emitted earlier in this same call, for the activities after them.
        var inCall = new Dictionary<long, BroadcastDetails>();
        var inCallRecipients = new Dictionary<(long, long), string>();
        var entries = new List<NewEntry>(fresh.Count);
        foreach (var index in fresh)
        {
            var item = items[index];
            var customer = known[item.CustomerId];
            if (customer is null)
            {
                missing.Add(Violation(fieldPrefix(index) + "customer_id", $"no customer {item.CustomerId} in your brand"));
            }

            var metricTimestamp = item.MetricTimestamp > 0 ? item.MetricTimestamp : now;
            BroadcastDetails? details;
            string? recipient = null;
            if (item.Metric == Metric.Broadcasts)
            {
                details = NewBroadcast(item.Broadcast, metricTimestamp);
                inCall.TryAdd(item.BroadcastId, details);
            }
            else if (storedBroadcasts[index] is { } stored)
            {
                details = stored.Details;
                recipient = stored.RecipientAddress;
            }
            else
            {
                details = inCall.GetValueOrDefault(item.BroadcastId);
                recipient = inCallRecipients.GetValueOrDefault((item.BroadcastId, item.CustomerId));
                if (details is null)
                {
                    missing.Add(Violation(fieldPrefix(index) + "broadcast_id", $"no broadcast {item.BroadcastId} in your brand"));
                }
            }

            if (customer is null || details is null)
            {
                continue;
            }

            var activity = Build(caller, item, uuids[index], metricTimestamp, customer, details, recipient);
            var wentElsewhere = item.Metric == Metric.Broadcasts && activity.EmailAddressOverride;
            if (wentElsewhere)
            {
                inCallRecipients[(item.BroadcastId, item.CustomerId)] = activity.EmailAddress;
            }

            entries.Add(new NewEntry(
                activity,
                item.Metric == Metric.Broadcasts ? details : null,
                wentElsewhere ? activity.EmailAddress : null));
        }

        if (missing.Count > 0)
        {
            throw Problems.ForFields(Code.NotFound, "Not found in your brand", missing);
        }

        return entries;
    }

    private Activity Build(
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
                var open = item.Open?.Clone() ?? new OpenDetails();
                var openAgent = userAgents.Classify(open.UserAgent);
                (open.Os, open.Browser, open.MachineGenerated) = (openAgent.Os, openAgent.Browser, openAgent.MachineGenerated);
                activity.Open = open;
                break;
            case Metric.Clicks or Metric.ShortLinks:
                var click = item.Click.Clone();
                var clickAgent = userAgents.Classify(click.UserAgent);
                (click.Os, click.Browser, click.MachineGenerated) = (clickAgent.Os, clickAgent.Browser, clickAgent.MachineGenerated);
                activity.Click = click;
                break;
            case Metric.Bounces:
                activity.Bounce = item.Bounce.Clone();
                break;
            case Metric.Complaints:
                activity.Complaint = new ComplaintDetails();
                break;
        }

        return activity;
    }

    private static BroadcastDetails NewBroadcast(BroadcastDetails given, long metricTimestamp)
    {
        var details = given.Clone();
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

    // One customer's activities in their order (five bounces must count 1 to 5); different
    // customers in parallel.
    private async Task RecordMailabilityAsync(List<NewEntry> entries, string token, CancellationToken cancellationToken)
    {
        var byCustomer = entries.Select(entry => entry.Activity).GroupBy(activity => activity.CustomerId).ToList();
        await Parallel.ForEachAsync(
            byCustomer,
            new ParallelOptions { MaxDegreeOfParallelism = MailabilityParallelism, CancellationToken = cancellationToken },
            async (activities, ct) =>
            {
                foreach (var activity in activities)
                {
                    await mailability.RecordAsync(activity, token, ct);
                }
            });
    }

    private static BadRequest.Types.FieldViolation Violation(string field, string description) =>
        new() { Field = field, Description = description };
}
