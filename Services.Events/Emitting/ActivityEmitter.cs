using System.Diagnostics;
using Deployteq.Events.Enrichment;
using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;

namespace Deployteq.Events.Emitting;

// Turns validated facts into stored activities: uuid claims, enrichment, the mailability side
// effects, then one append. Each step handles the whole call at once, so a batch of a thousand
// costs the same few calls to Customers and Redis as a batch of one. Nothing is written to the
// stream until every activity of the call has been enriched, so a bad reference rejects the
// whole call and stores nothing.
public sealed class ActivityEmitter(
    UuidClaims claims,
    ActivityEnricher enricher,
    IMailabilityRecorder mailability,
    IActivityStore store,
    EmitMetrics metrics,
    TimeProvider time)
{
    // fieldPrefix gives the request path of item i for error details ("activity.", "activities[3].").
    public async Task<IReadOnlyList<EmitOutcome>> EmitAsync(
        CallerIdentity caller, IReadOnlyList<NewActivity> items, Func<int, string> fieldPrefix, CancellationToken cancellationToken)
    {
        // One reading of the one clock for the whole call: metric timestamps left to the service,
        // stream positions and the retention trim all agree.
        var now = time.GetUtcNow();
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
        var step = Stopwatch.GetTimestamp();
        await claims.ClaimAsync(caller.BrandId, uuids, toClaim, claim, outcomes, cancellationToken);
        step = metrics.Step("claim", step);

        var fresh = Enumerable.Range(0, count).Where(index => firstOf[index] == index && outcomes[index] is null).ToList();
        var claimed = fresh.Where(index => !generated[index]).Select(index => uuids[index]).ToList();
        try
        {
            if (fresh.Count > 0)
            {
                var entries = await enricher.EnrichAsync(caller, items, uuids, fresh, fieldPrefix, now.ToUnixTimeSeconds(), cancellationToken);
                step = metrics.Step("enrich", step);
                await mailability.RecordAsync(entries.Select(entry => entry.Activity).ToList(), position => fieldPrefix(fresh[position]), cancellationToken);
                step = metrics.Step("mailability", step);
                var appended = await store.AppendAsync(caller.BrandId, entries, now);
                metrics.Step("append", step);
                for (var position = 0; position < fresh.Count; position++)
                {
                    outcomes[fresh[position]] = appended[position];
                }
            }
        }
        catch
        {
            await claims.ReleaseAsync(caller.BrandId, claimed, claim);
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
}
