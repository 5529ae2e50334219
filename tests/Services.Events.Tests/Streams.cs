using Deployteq.Events.V1;
using Grpc.Core;

namespace Deployteq.Events.Tests;

public static class Streams
{
    // Long enough for a loaded 2-core machine, far shorter than the subscriber poll interval.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // The next `count` activities, passing over progress items (a cursor with no activity).
    public static async Task<List<SubscribeResponse>> TakeAsync(this AsyncServerStreamingCall<SubscribeResponse> call, int count, CancellationToken cancellationToken)
    {
        var items = new List<SubscribeResponse>();
        while (items.Count < count)
        {
            var item = await call.NextAsync(cancellationToken);
            if (item.Activity is not null)
            {
                items.Add(item);
            }
        }

        return items;
    }

    // The next item, activity or progress.
    public static async Task<SubscribeResponse> NextAsync(this AsyncServerStreamingCall<SubscribeResponse> call, CancellationToken cancellationToken)
    {
        Assert.True(await call.ResponseStream.MoveNext(cancellationToken), "The subscription ended early.");
        return call.ResponseStream.Current;
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
