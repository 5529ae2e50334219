using Deployteq.Events.Model;
using Deployteq.Events.Storage;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Deployteq.Events.Emitting;

// An emit holds the uuids it is storing, so that a concurrent emit of the same uuid waits for it
// and answers with what it stored, instead of recording a second bounce. One Redis call per
// attempt for the whole batch.
public sealed class UuidClaims(IActivityStore store, IOptions<EventsOptions> options)
{
    private static readonly TimeSpan HeldRetryDelay = TimeSpan.FromMilliseconds(20);

    // Claims uuids[toClaim]; a uuid already stored fills its outcome (a duplicate), one that
    // another emit holds is waited for, up to the claim lifetime (then UNAVAILABLE).
    public async Task ClaimAsync(
        long brandId, string[] uuids, List<int> toClaim, string claim, EmitOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        // A wait, not a time that is recorded anywhere: the process's own stopwatch.
        var deadline = DateTime.UtcNow + options.Value.ClaimLifetime;
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

            if (held.Count > 0 && DateTime.UtcNow >= deadline)
            {
                throw new RpcException(new Status(
                    StatusCode.Unavailable, $"Another emit of uuid {uuids[held[0]]} is still in progress; retry later."));
            }

            toClaim = held;
            if (held.Count > 0)
            {
                await Task.Delay(HeldRetryDelay, cancellationToken);
            }
        }
    }

    // Lets a retry of these uuids go ahead at once instead of waiting for the claims to lapse.
    public Task ReleaseAsync(long brandId, IReadOnlyList<string> uuids, string claim) => store.ReleaseAsync(brandId, uuids, claim);
}
