using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployteq.AppHost.Dashboard;
using Deployteq.PegaConnector.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Deployteq.AppHost.Demo;

// The dashboard's Pega panel: the demo brand's installations (state, lag, counts, dead letters),
// what the stand-in received (counts and the last activities as JSON), and a button that emits
// sample activities of every metric. The page gets it by server-sent events, pushed whenever it
// changes; the server reads the connector and the stand-in once a second to know.
public sealed class PegaPanel(DemoClients clients, DemoState state) : IDashboardPanel
{
    private static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(1);

    // Set once the demo seed has run: until then there is nothing to show.
    public bool Ready { get; set; }

    public void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/pega", async (CancellationToken aborted) => Results.Content((await ReadAsync(aborted)).ToJsonString(), "application/json"));
        api.MapGet("/pega/events", (CancellationToken aborted) => TypedResults.ServerSentEvents(WatchAsync(aborted)));
        api.MapPost("/pega/sample-activities", async (CancellationToken aborted) =>
        {
            if (!Ready)
            {
                return Results.Conflict(new { error = "The demo is not seeded yet." });
            }

            var uuids = await SampleActivities.EmitAsync(clients, state, aborted);
            return Results.Json(new { customerId = state.CustomerId, uuids });
        });
    }

    private async IAsyncEnumerable<SseItem<string>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        using var timer = new PeriodicTimer(ReadInterval);
        do
        {
            var json = (await ReadAsync(cancellationToken)).ToJsonString();
            if (json != last)
            {
                last = json;
                yield return new SseItem<string>(json, "pega");
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private async Task<JsonObject> ReadAsync(CancellationToken cancellationToken)
    {
        var snapshot = new JsonObject { ["ready"] = Ready, ["brandId"] = state.BrandId, ["customerId"] = state.CustomerId };
        if (!Ready)
        {
            return snapshot;
        }

        try
        {
            var list = await clients.Installations.ListInstallationsAsync(new ListInstallationsRequest { PageSize = 100 },
                DemoClients.Bearer(state.Token!), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
            snapshot["installations"] = new JsonArray(list.Installations.Select(installation => (JsonNode)new JsonObject
            {
                ["id"] = installation.InstallationId,
                ["endpointUrl"] = installation.EndpointUrl,
                ["state"] = installation.State.ToString(),
                ["pauseReason"] = installation.PauseReason,
                ["lagActivities"] = installation.Lag?.Activities ?? 0,
                ["lagSeconds"] = installation.Lag?.Seconds ?? 0,
                ["delivered"] = installation.Counts?.Delivered ?? 0,
                ["retried"] = installation.Counts?.Retried ?? 0,
                ["failed"] = installation.Counts?.Failed ?? 0,
                ["dead"] = installation.Counts?.Dead ?? 0,
                ["duplicatesAvoided"] = installation.Counts?.DuplicatesAvoided ?? 0,
                ["lastError"] = installation.LastError?.Message ?? "",
            }).ToArray());
        }
        catch (RpcException exception)
        {
            snapshot["installationsError"] = $"pegaconnector: {exception.StatusCode}";
        }

        try
        {
            var endpoint = $"{clients.StandInUrl}/control/endpoints/{DemoSeed.StandInEndpointName}";
            snapshot["received"] = JsonNode.Parse(await clients.StandIn.GetStringAsync(endpoint, cancellationToken));
            snapshot["recent"] = JsonNode.Parse(await clients.StandIn.GetStringAsync($"{endpoint}/arrivals?last=10", cancellationToken));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            snapshot["receivedError"] = "pega stand-in: " + exception.GetType().Name;
        }

        return snapshot;
    }
}
