using System.Net.Http.Json;
using System.Text.Json;
using Deployteq.Events.V1;
using Deployteq.Samples;
using Deployteq.TestSupport;
using Grpc.Core;
using Grpc.Net.Client;

namespace Deployteq.AppHost.Tests;

// The brand the AppHost's demo seeded (its state file in the test's data folder), and what a
// client of it does: emit activities, and ask the stand-in which arrived.
public sealed class DemoBrand(TestApp app) : IDisposable
{
    private readonly HttpClient _standIn = new() { BaseAddress = app.App.GetEndpoint("pega", "http") };
    private readonly GrpcChannel _events = GrpcChannel.ForAddress(app.App.GetEndpoint("events", "grpc"));

    public static async Task<DemoBrand> SeededAsync(TestApp app)
    {
        await app.Notifications.WaitForResourceAsync("demo-installation", KnownResourceStates.Running).WaitAsync(TestApp.Patience);
        return new DemoBrand(app);
    }

    private static long _broadcasts;

    private JsonElement State => JsonDocument.Parse(File.ReadAllText(Path.Combine(app.DataDirectory, "demo.json"))).RootElement;

    public string Token => State.GetProperty("Token").GetString()!;

    public long CustomerId => State.GetProperty("CustomerId").GetInt64();

    public Metadata Bearer => new() { { "authorization", $"Bearer {Token}" } };

    public Events.V1.Events.EventsClient Events => new(_events);

    // A broadcast and `count` opens of it; the uuids of all.
    public async Task<IReadOnlyList<string>> EmitOpensAsync(int count)
    {
        // Opens of a broadcast of their own, sent in the same batch before them.
        var broadcastId = Interlocked.Increment(ref _broadcasts) + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var request = new EmitBatchRequest();
        request.Activities.Add(Activities.Broadcast(CustomerId, broadcastId).WithNewUuid());
        for (var i = 0; i < count; i++)
        {
            request.Activities.Add(Activities.Open(CustomerId, broadcastId, userAgent: "apphost-test").WithNewUuid());
        }

        await Events.EmitBatchAsync(request, Bearer, deadline: DateTime.UtcNow.AddSeconds(30));
        return request.Activities.Select(activity => activity.Uuid).ToList();
    }

    public async Task<IReadOnlySet<string>> ArrivedAsync() =>
        (await _standIn.GetFromJsonAsync<JsonElement>("/control/endpoints/demo/arrivals?last=200"))
            .EnumerateArray().Select(arrival => arrival.GetProperty("idempotencyKey").GetString()!).ToHashSet();

    public async Task<long> DuplicatesAsync() =>
        (await _standIn.GetFromJsonAsync<JsonElement>("/control/endpoints/demo")).GetProperty("duplicates").GetInt64();

    public async Task WaitUntilArrivedAsync(IEnumerable<string> uuids, TimeSpan timeout)
    {
        var wanted = uuids.ToHashSet();
        await Poll.UntilAsync(async () => (await ArrivedAsync()).Intersect(wanted).Count(), arrived => arrived == wanted.Count,
            $"{wanted.Count} activities at the stand-in", timeout, TimeSpan.FromMilliseconds(200));
    }

    public void Dispose()
    {
        _standIn.Dispose();
        _events.Dispose();
    }
}
