using Deployteq.Events.Emitting;
using Deployteq.Events.Model;
using Deployteq.Events.Streaming;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Deployteq.ServiceDefaults.Streams;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;

namespace Deployteq.Events.Grpc;

// events.v1.Events: validates, hands on to the emitter or the feed, maps the answer.
public sealed class EventsService(ActivityEmitter emitter, ActivityFeed feed, TokenWatch tokenWatch, TimeProvider time) : V1.Events.EventsBase
{
    public const int MaxBatchSize = Limits.MaxBatchSize;

    public const string JsonLinesContentType = "application/x-ndjson";

    [RequireScope(Scopes.EventsEmit)]
    public override async Task<EmitResult> Emit(EmitRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        NewActivityValidator.Validate(request.Activity, "activity", validator, time.GetUtcNow().ToUnixTimeSeconds());
        validator.ThrowIfInvalid();

        var outcomes = await emitter.EmitAsync(context.GetCaller(), [request.Activity], _ => "activity.", context.CancellationToken);
        return Result(outcomes[0], request.Activity);
    }

    [RequireScope(Scopes.EventsEmit)]
    public override async Task<EmitBatchResponse> EmitBatch(EmitBatchRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        if (request.Activities.Count is 0 or > MaxBatchSize)
        {
            validator.Add("activities", $"must hold 1 to {MaxBatchSize} activities, not {request.Activities.Count}");
        }
        else
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            for (var index = 0; index < request.Activities.Count; index++)
            {
                NewActivityValidator.Validate(request.Activities[index], $"activities[{index}]", validator, now);
            }
        }

        validator.ThrowIfInvalid();

        var outcomes = await emitter.EmitAsync(context.GetCaller(), request.Activities, index => $"activities[{index}].", context.CancellationToken);
        var results = outcomes.Select((outcome, index) => Result(outcome, request.Activities[index])).ToList();
        // Opens of a broadcast with large details repeat them on every activity: past the budget
        // a result says only where its activity went, so the answer stays readable by any client.
        for (var index = ResponseBudget.CountThatFit(results); index < results.Count; index++)
        {
            results[index].Activity = null;
        }

        return new EmitBatchResponse { Results = { results } };
    }

    // Without its activity (a duplicate past retention) a result still names its uuid: a
    // duplicate's uuid was given.
    private static EmitResult Result(EmitOutcome outcome, NewActivity given)
    {
        var result = outcome.ToResult();
        result.Uuid = outcome.Activity?.Uuid ?? given.Uuid.ToLowerInvariant();
        return result;
    }

    [RequireScope(Scopes.EventsRead)]
    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        var validator = new RequestValidator();
        ReadRequestValidator.Metrics(request.Metrics, validator);
        var cursor = StreamCursor.Zero;
        switch (request.StartCase)
        {
            case SubscribeRequest.StartOneofCase.AfterCursor:
                ReadRequestValidator.Cursor(request.AfterCursor, "after_cursor", validator, out cursor);
                break;
            case SubscribeRequest.StartOneofCase.FromTime:
                ReadRequestValidator.Time(request.FromTime, "from_time", validator);
                break;
            case SubscribeRequest.StartOneofCase.None:
                validator.Add("start", "is required: after_cursor, from_time, from_now or from_oldest");
                break;
        }

        validator.ThrowIfInvalid();

        var brandId = context.GetCaller().BrandId;
        var readFrom = request.StartCase switch
        {
            SubscribeRequest.StartOneofCase.AfterCursor => await feed.AfterAsync(brandId, cursor),
            SubscribeRequest.StartOneofCase.FromTime => await feed.AtAsync(brandId, StreamCursor.AtOrAfter(request.FromTime.ToDateTimeOffset())),
            SubscribeRequest.StartOneofCase.FromNow => await feed.NowAsync(brandId),
            _ => await feed.OldestAsync(brandId),
        };

        // Headers tell the caller the start is fixed: whatever it emits from now on will come.
        await context.WriteResponseHeadersAsync([]);
        var filter = new MetricFilter(request.Metrics);
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var tokenDied = tokenWatch.WatchAsync(context.GetBearerToken()!, stream);
        try
        {
            await foreach (var item in feed.FollowAsync(brandId, readFrom, filter, stream.Token))
            {
                await responseStream.WriteAsync(new SubscribeResponse
                {
                    Cursor = item.Position.ToString(), Activity = item.Activity, TraceParent = item.Trace.Parent ?? "", TraceState = item.Trace.State ?? "",
                });
            }
        }
        catch (OperationCanceledException) when (tokenDied is { IsCompletedSuccessfully: true, Result: { } reason })
        {
            throw reason;
        }
        finally
        {
            await stream.CancelAsync();
            await tokenDied;
        }
    }

    [RequireScope(Scopes.EventsRead)]
    public override async Task Export(ExportRequest request, IServerStreamWriter<ExportItem> responseStream, ServerCallContext context)
    {
        await foreach (var item in ExportedAsync(request, context))
        {
            await responseStream.WriteAsync(new ExportItem { Cursor = item.Position.ToString(), Json = PegaActivityJson.ToObjectJson(item.Activity) });
        }
    }

    // Export for REST callers: JSON transcoding writes each HttpBody as it is, then a line break.
    [RequireScope(Scopes.EventsRead)]
    public override async Task DownloadExport(ExportRequest request, IServerStreamWriter<HttpBody> responseStream, ServerCallContext context)
    {
        await foreach (var item in ExportedAsync(request, context))
        {
            await responseStream.WriteAsync(new HttpBody
            {
                ContentType = JsonLinesContentType,
                Data = ByteString.CopyFromUtf8(PegaActivityJson.ToObjectJson(item.Activity)),
            });
        }
    }

    private async IAsyncEnumerable<StoredActivity> ExportedAsync(ExportRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        ReadRequestValidator.Metrics(request.Metrics, validator);
        var startValid = ReadRequestValidator.Time(request.StartTime, "start_time", validator);
        var endValid = request.EndTime is null || ReadRequestValidator.Time(request.EndTime, "end_time", validator);
        var start = startValid ? request.StartTime!.ToDateTimeOffset() : default;
        var end = request.EndTime is not null && endValid ? request.EndTime.ToDateTimeOffset() : time.GetUtcNow();
        if (startValid && endValid)
        {
            validator.Check(start < end, "end_time", "must be after start_time");
        }

        validator.ThrowIfInvalid();

        var brandId = context.GetCaller().BrandId;
        var from = await feed.AtAsync(brandId, StreamCursor.AtOrAfter(start));
        var to = StreamCursor.AtOrAfter(end).Previous();
        if (request.EndTime is null)
        {
            // "Now" takes in every activity recorded before this call: also one of this very
            // millisecond, or one whose id went ahead of this clock (ids only grow, see Append).
            var newest = (await feed.NowAsync(brandId)).Previous();
            to = newest > to ? newest : to;
        }

        await foreach (var item in feed.RangeAsync(brandId, from, to, new MetricFilter(request.Metrics), context.CancellationToken))
        {
            yield return item;
        }
    }
}
