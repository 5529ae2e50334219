using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Streams;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ChangeKind = Deployteq.Customers.Model.ChangeKind;

namespace Deployteq.Customers.Grpc;

public sealed partial class CustomersService
{
    // A watch checks its caller's token again at least this often (and at once on any revocation).
    private static readonly TimeSpan TokenRecheckInterval = TimeSpan.FromSeconds(30);

    // The internal key as well as a brand token (see the proto): the only method of Customers
    // that admits it, and it hands out change kinds and ids, never a customer's data.
    [AdmitInternalKey]
    public override async Task WatchCustomerChanges(
        WatchCustomerChangesRequest request, IServerStreamWriter<WatchCustomerChangesResponse> responseStream, ServerCallContext context)
    {
        var validator = new RequestValidator();
        StreamCursor? after = null;
        switch (request.StartCase)
        {
            case WatchCustomerChangesRequest.StartOneofCase.AfterCursor:
                validator.Check(StreamCursor.TryParse(request.AfterCursor, out var cursor), "after_cursor",
                    $"must be a cursor this service gave out (<milliseconds>-<sequence>, at most {StreamCursor.MaxLength} characters)");
                after = cursor;
                break;
            case WatchCustomerChangesRequest.StartOneofCase.None:
                validator.Add("start", "is required: after_cursor, from_now or from_oldest");
                break;
        }

        var internalCall = context.IsInternalCall();
        var brandId = await FeedBrandAsync(request.BrandId, validator, context);
        var next = await changes.StartAsync(brandId, after, request.StartCase == WatchCustomerChangesRequest.StartOneofCase.FromOldest);
        // Headers tell the watcher its start is fixed: whatever changes from now on will come.
        await context.WriteResponseHeadersAsync([]);

        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        // The internal key does not die with a user or a revocation; a token does.
        var tokenDied = internalCall
            ? Task.FromResult<RpcException?>(null)
            : tokenWatch.WatchAsync(context.GetBearerToken()!, TokenRecheckInterval, stream);
        try
        {
            await changes.FollowAsync(brandId, next, (position, change) => responseStream.WriteAsync(new WatchCustomerChangesResponse
            {
                Cursor = position.ToString(),
                Change = change is null ? null : ToProto(change),
            }), stream.Token);
        }
        catch (OperationCanceledException) when (tokenDied is { IsCompletedSuccessfully: true, Result: { } reason })
        {
            throw reason;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away.
        }
        finally
        {
            await stream.CancelAsync();
            await tokenDied;
        }
    }

    // The brand of a feed call: named by brand_id with the internal key, else the token's own
    // (brand_id 0 or the same). Throws the request's violations, with the brand_id check's.
    private async Task<long> FeedBrandAsync(long requestedBrandId, RequestValidator validator, ServerCallContext context)
    {
        var internalCall = context.IsInternalCall();
        if (internalCall)
        {
            validator.Positive(requestedBrandId, "brand_id");
        }
        else
        {
            validator.Check(requestedBrandId >= 0, "brand_id", "must be 0 or the token's own brand");
        }

        validator.ThrowIfInvalid();
        if (internalCall)
        {
            return await tenants.GetBrandAsync(requestedBrandId) is null ? throw Problems.NotFound("No such brand.") : requestedBrandId;
        }

        var brandId = context.GetCaller().BrandId;
        return requestedBrandId == 0 || requestedBrandId == brandId
            ? brandId
            : throw new RpcException(new Status(StatusCode.PermissionDenied, "The token is for another brand."));
    }

    private static CustomerChangeEvent ToProto(StoredChange change) => new()
    {
        CustomerId = change.CustomerId,
        Kind = change.Kind switch
        {
            ChangeKind.Created => CustomerChangeKind.Created,
            ChangeKind.Deleted => CustomerChangeKind.Deleted,
            _ => CustomerChangeKind.Updated,
        },
        // The contract names the changed fields for updates only.
        ChangedFields = { change.Kind == ChangeKind.Updated ? change.ChangedFields : [] },
        Time = Timestamp.FromDateTimeOffset(change.Time),
        ApiUserId = change.ApiUserId,
    };
}
