using Deployteq.DataModel.CustomerFeed;
using Deployteq.DataModel.Model;
using Deployteq.DataModel.Records;
using Deployteq.DataModel.Storage;
using Deployteq.DataModel.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Grpc.Core.Status;

namespace Deployteq.DataModel.Grpc;

[RequireScope(Scopes.DataModel)]
public sealed class RecordsService(RecordWriter writer, RecordReader reader, IRecordStore records, CustomerFeedSupervisor feeds)
    : V1.Records.RecordsBase
{
    private const int ImportBatchSize = 1000;

    public override async Task<Record> UpsertRecord(UpsertRecordRequest request, ServerCallContext context)
    {
        new RequestValidator().Name(request.Module, "module").ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        var result = (await writer.UpsertAsync(
            caller.BrandId, request.Module, [request.Record ?? new Record()], caller.ToActor(), context.CancellationToken))[0];
        if (result.Failures.Count > 0)
        {
            throw Refusal(result.Failures, "record.");
        }

        return result.Record!.ToProto();
    }

    public override async Task<BatchUpsertRecordsResponse> BatchUpsertRecords(BatchUpsertRecordsRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Name(request.Module, "module")
            .Check(request.Records.Count is > 0 and <= Limits.MaxBatchRecords, "records", $"must hold 1 to {Limits.MaxBatchRecords} records, not {request.Records.Count}")
            .ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        var results = await writer.UpsertAsync(caller.BrandId, request.Module, request.Records, caller.ToActor(), context.CancellationToken);
        var response = new BatchUpsertRecordsResponse();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            response.Results.Add(result.Failures.Count == 0
                ? new RecordResult { Index = i, Record = result.Record!.ToProto(), Created = result.Created }
                : new RecordResult { Index = i, Error = ToRowError(result.Failures) });
        }

        return response;
    }

    public override async Task<ImportRecordsResponse> ImportRecords(IAsyncStreamReader<ImportRecordRow> requestStream, ServerCallContext context)
    {
        var caller = context.GetRecordsCaller(feeds);
        var actor = caller.ToActor();
        var response = new ImportRecordsResponse();
        var rejections = new List<ImportRejection>();
        var batch = new List<(long Row, ImportRecordRow Item)>(ImportBatchSize);
        long row = 0;

        // Rows go to Redis a batch at a time, one batch in flight while the next is read; a batch
        // that was sent stays stored even when the stream breaks off later.
        var inFlight = Task.CompletedTask;
        await foreach (var item in requestStream.ReadAllAsync(context.CancellationToken))
        {
            row++;
            if (!Limits.IsName(item.Module))
            {
                rejections.Add(new ImportRejection
                {
                    Row = row, Code = (int)Code.InvalidArgument, Field = "module",
                    Reason = $"must be 1 to {Limits.MaxNameLength} characters of [a-z][a-z0-9_]*",
                });
                continue;
            }

            batch.Add((row, item));
            if (batch.Count == ImportBatchSize)
            {
                await inFlight;
                inFlight = FlushAsync(caller.BrandId, batch, actor, response, rejections, context.CancellationToken);
                batch = new List<(long, ImportRecordRow)>(ImportBatchSize);
            }
        }

        await inFlight;
        await FlushAsync(caller.BrandId, batch, actor, response, rejections, context.CancellationToken);
        response.Rejected = rejections.Count;
        response.Rejections.AddRange(rejections.OrderBy(r => r.Row).Take(Limits.MaxReportedRejections));
        return response;
    }

    public override async Task<Record> GetRecord(GetRecordRequest request, ServerCallContext context)
    {
        new RequestValidator().Name(request.Module, "module").Key(request.Key, "key").ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        return (await reader.GetAsync(caller.BrandId, request.Module, request.Key, context.CancellationToken)).ToProto();
    }

    public override async Task<Empty> DeleteRecord(DeleteRecordRequest request, ServerCallContext context)
    {
        new RequestValidator().Name(request.Module, "module").Key(request.Key, "key").ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        if (!await records.DeleteAsync(caller.BrandId, request.Module, request.Key))
        {
            throw Problems.NotFound($"No record {Limits.Quote(request.Key)} in module '{request.Module}'.");
        }

        return new Empty();
    }

    public override async Task<ListRecordsResponse> ListCustomerRecords(ListCustomerRecordsRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Positive(request.CustomerId, "customer_id")
            .Name(request.Module, "module")
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var after)
            .ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        var page = await reader.ListByCustomerAsync(
            caller.BrandId, request.Module, request.CustomerId, after, PageToken.Size(request.PageSize), context.CancellationToken);
        return ToResponse(page);
    }

    public override async Task<ListRecordsResponse> ListRecords(ListRecordsRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Name(request.Module, "module")
            .Check(request.ChangedSince is null || Limits.IsTimestamp(request.ChangedSince),
                "changed_since", "must be a date-time between the years 0001 and 9999")
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var after)
            .ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        var fromStamp = request.ChangedSince is null ? 0 : ChangeStamp.AtOrAfter(request.ChangedSince);
        var page = await reader.ListByChangeAsync(
            caller.BrandId, request.Module, fromStamp, after, PageToken.Size(request.PageSize), context.CancellationToken);
        return ToResponse(page);
    }

    public override async Task<ListRecordHistoryResponse> ListRecordHistory(ListRecordHistoryRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Name(request.Module, "module")
            .Key(request.Key, "key")
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var offset)
            .ThrowIfInvalid();
        var caller = context.GetRecordsCaller(feeds);
        var page = await reader.HistoryAsync(
            caller.BrandId, request.Module, request.Key, offset, PageToken.Size(request.PageSize), context.CancellationToken);
        return new ListRecordHistoryResponse
        {
            Entries = { page.Items.Select(entry => entry.ToProto()) },
            NextPageToken = PageToken.Encode(page.Next),
        };
    }

    private async Task FlushAsync(
        long brandId, List<(long Row, ImportRecordRow Item)> batch, Actor actor, ImportRecordsResponse response,
        List<ImportRejection> rejections, CancellationToken cancellationToken)
    {
        foreach (var group in batch.GroupBy(entry => entry.Item.Module))
        {
            var rows = group.ToList();
            IReadOnlyList<RowResult> results;
            try
            {
                results = await writer.UpsertAsync(brandId, group.Key, rows.Select(r => r.Item.Record ?? new Record()).ToList(), actor, cancellationToken);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
            {
                rejections.AddRange(rows.Select(r => new ImportRejection
                {
                    Row = r.Row, Code = (int)Code.NotFound, Field = "module", Reason = $"no module '{group.Key}' in this brand",
                }));
                continue;
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var result = results[i];
                if (result.Failures.Count > 0)
                {
                    var error = ToRowError(result.Failures);
                    rejections.Add(new ImportRejection { Row = rows[i].Row, Code = error.Code, Field = error.Field, Reason = error.Reason });
                }
                else if (result.Created)
                {
                    response.Created++;
                }
                else
                {
                    response.Updated++;
                }
            }
        }
    }

    // A page of large records ends early, so the answer stays within a client's 4 MiB.
    private static ListRecordsResponse ToResponse(Page<StoredRecord> page)
    {
        var records = page.Items.Select(record => record.ToProto()).ToList();
        var (kept, next) = ResponseBudget.Cut(records, page.Next, count => page.Positions![count - 1]);
        return new ListRecordsResponse { Records = { kept }, NextPageToken = PageToken.Encode(next) };
    }

    private static RowError ToRowError(IReadOnlyList<RowFailure> failures)
    {
        var first = failures[0];
        var reason = failures.Count == 1
            ? first.Reason
            : first.Reason + "; also " + string.Join("; ", failures.Skip(1).Take(5).Select(f => $"{f.Field} {f.Reason}"));
        return new RowError { Code = (int)first.Code, Field = first.Field, Reason = reason };
    }

    // The status one refused record gets: INVALID_ARGUMENT and NOT_FOUND name their fields
    // (google.rpc.BadRequest), the others say why.
    private static RpcException Refusal(IReadOnlyList<RowFailure> failures, string prefix)
    {
        var first = failures[0];
        return first.Code switch
        {
            Code.InvalidArgument => RequestValidator.ToException(failures.Select(f => Violation(prefix + f.Field, f.Reason))),
            Code.NotFound => Problems.ForFields(Code.NotFound, "Not found", failures.Select(f => Violation(prefix + f.Field, f.Reason))),
            Code.AlreadyExists => new RpcException(new Status(StatusCode.AlreadyExists, $"{prefix}{first.Field}: {first.Reason}")),
            _ => new RpcException(new Status(StatusCode.FailedPrecondition, $"{prefix}{first.Field}: {first.Reason}")),
        };
    }

    private static BadRequest.Types.FieldViolation Violation(string field, string description) =>
        new() { Field = field, Description = description };
}
