using Deployteq.Events.Enrichment;
using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Rpc;

namespace Deployteq.Events.Emitting;

// Finds what the caller's facts refer to, for a whole call at once (one call to Customers, one
// Redis call for the broadcasts), and builds the activities to store. A customer or broadcast
// the brand does not have rejects the whole call with NOT_FOUND naming every such field.
public sealed class ActivityEnricher(ICustomerLookup customers, IActivityStore store, ActivityBuilder builder)
{
    // fresh: the positions of items to store; fieldPrefix gives the request path of item i.
    public async Task<List<NewEntry>> EnrichAsync(
        CallerIdentity caller, IReadOnlyList<NewActivity> items, string[] uuids, IReadOnlyList<int> fresh,
        Func<int, string> fieldPrefix, long nowSeconds, CancellationToken cancellationToken)
    {
        var trace = EmitTrace.Current();
        var known = await customers.GetAsync(caller, fresh.Select(index => items[index].CustomerId).ToList(), cancellationToken);
        var others = fresh.Where(index => items[index].Metric != Metric.Broadcasts).ToList();
        var lookups = others.Select(index => new BroadcastLookup(items[index].BroadcastId, items[index].CustomerId)).Distinct().ToList();
        var found = await store.GetBroadcastsAsync(caller.BrandId, lookups);
        var stored = lookups.Select((lookup, position) => (lookup, position)).ToDictionary(pair => pair.lookup, pair => found[pair.position]);

        var missing = new List<BadRequest.Types.FieldViolation>();
        // Broadcast activities earlier in this same call, for the activities after them: each
        // recipient's own, and the first one's shared details for customers without their own.
        var ownInCall = new Dictionary<BroadcastLookup, KnownBroadcast>();
        var sharedInCall = new Dictionary<long, BroadcastDetails>();
        var entries = new List<NewEntry>(fresh.Count);
        foreach (var index in fresh)
        {
            var item = items[index];
            var customer = known[item.CustomerId];
            if (customer is null)
            {
                missing.Add(Violation(fieldPrefix(index) + "customer_id", $"no customer {item.CustomerId} in your brand"));
            }

            var metricTimestamp = item.MetricTimestamp > 0 ? item.MetricTimestamp : nowSeconds;
            var lookup = new BroadcastLookup(item.BroadcastId, item.CustomerId);
            KnownBroadcast? broadcast;
            if (item.Metric == Metric.Broadcasts)
            {
                var details = ActivityBuilder.NewBroadcast(item.Broadcast, metricTimestamp);
                var wentElsewhere = item.EmailAddress.Length > 0 && customer is not null
                    && !string.Equals(item.EmailAddress, customer.EmailAddress, StringComparison.OrdinalIgnoreCase);
                broadcast = new KnownBroadcast(details, wentElsewhere ? item.EmailAddress : null);
                ownInCall[lookup] = broadcast;
                if (!sharedInCall.ContainsKey(item.BroadcastId))
                {
                    sharedInCall[item.BroadcastId] = ActivityBuilder.Shared(details);
                }
            }
            else
            {
                broadcast = ownInCall.GetValueOrDefault(lookup) ?? stored[lookup]
                    ?? (sharedInCall.TryGetValue(item.BroadcastId, out var shared) ? new KnownBroadcast(shared, null) : null);
                if (broadcast is null)
                {
                    missing.Add(Violation(fieldPrefix(index) + "broadcast_id", $"no broadcast {item.BroadcastId} in your brand"));
                }
            }

            if (customer is null || broadcast is null)
            {
                continue;
            }

            var activity = builder.Build(caller, item, uuids[index], metricTimestamp, customer, broadcast.Details, broadcast.RecipientAddress);
            var uuidGiven = item.Uuid.Length > 0;
            entries.Add(item.Metric == Metric.Broadcasts
                ? new NewEntry(activity, broadcast.Details, broadcast.RecipientAddress, uuidGiven, trace)
                : new NewEntry(activity, null, null, uuidGiven, trace));
        }

        if (missing.Count > 0)
        {
            throw Problems.ForFields(Code.NotFound, "Not found in your brand", missing);
        }

        return entries;
    }

    private static BadRequest.Types.FieldViolation Violation(string field, string description) =>
        new() { Field = field, Description = description };
}
