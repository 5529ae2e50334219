using Deployteq.Events.V1;
using Grpc.Core;

namespace Deployteq.Events.Tests;

public static class Streams
{
    // Long enough for a loaded 2-core machine, far shorter than the subscriber poll interval.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task<List<SubscribeResponse>> TakeAsync(this AsyncServerStreamingCall<SubscribeResponse> call, int count, CancellationToken cancellationToken)
    {
        var items = new List<SubscribeResponse>();
        while (items.Count < count)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancellationToken), "The subscription ended early.");
            items.Add(call.ResponseStream.Current);
        }

        return items;
    }

    // Starts a subscription and waits until its start is fixed (the response headers).
    public static async Task<AsyncServerStreamingCall<SubscribeResponse>> StartAsync(
        this TestBrand brand, SubscribeRequest request, CancellationToken cancellationToken)
    {
        var call = brand.Subscribe(request, cancellationToken);
        await call.ResponseHeadersAsync;
        return call;
    }

    public static async Task<List<ExportItem>> ExportAsync(this TestBrand brand, ExportRequest request)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var call = brand.Events.Export(request, cancellationToken: timeout.Token);
        var items = new List<ExportItem>();
        await foreach (var item in call.ResponseStream.ReadAllAsync(timeout.Token))
        {
            items.Add(item);
        }

        return items;
    }
}
