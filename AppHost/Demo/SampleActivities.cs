using Deployteq.Events.V1;
using Deployteq.Samples;

namespace Deployteq.AppHost.Demo;

// One activity of every metric for the demo customer, in one EmitBatch: a broadcast, then what
// the customer did with it (the samples the tests emit). Each press is a new broadcast, and
// Events gives each activity a new uuid.
public static class SampleActivities
{
    public static async Task<IReadOnlyList<string>> EmitAsync(DemoClients clients, DemoState state, CancellationToken cancellationToken)
    {
        var request = new EmitBatchRequest();
        request.Activities.AddRange(Activities.EveryMetric(state.CustomerId, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var response = await clients.Events.EmitBatchAsync(request, DemoClients.Bearer(state.Token!), cancellationToken: cancellationToken);
        return response.Results.Select(result => result.Activity.Uuid).ToList();
    }
}
