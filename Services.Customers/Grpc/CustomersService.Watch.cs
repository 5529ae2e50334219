using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ChangeKind = Deployteq.Customers.Model.ChangeKind;

namespace Deployteq.Customers.Grpc;

public sealed partial class CustomersService
{
    // A watch checks its caller's token again at least this often (and at once on any revocation).
    private static readonly TimeSpan TokenRecheckInterval = TimeSpan.FromSeconds(30);

    public override async Task WatchCustomerChanges(
        WatchCustomerChangesRequest request, IServerStreamWriter<WatchCustomerChangesResponse> responseStream, ServerCallContext context)
    {
        var validator = new RequestValidator();
        ChangePosition? after = null;
        switch (request.StartCase)
        {
            case WatchCustomerChangesRequest.StartOneofCase.AfterCursor:
                validator.Check(ChangePosition.TryParse(request.AfterCursor, out var cursor), "after_cursor",
                    $"must be a cursor this service gave out (<milliseconds>-<sequence>, at most {ChangePosition.MaxLength} characters)");
                after = cursor;
                break;
            case WatchCustomerChangesRequest.StartOneofCase.None:
                validator.Add("start", "is required: after_cursor, from_now or from_oldest");
                break;
        }

        validator.ThrowIfInvalid();

        var brandId = context.GetCaller().BrandId;
        var next = await changes.StartAsync(brandId, after, request.StartCase == WatchCustomerChangesRequest.StartOneofCase.FromOldest);
        // Headers tell the watcher its start is fixed: whatever changes from now on will come.
        await context.WriteResponseHeadersAsync([]);

        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var tokenDied = tokenWatch.WatchAsync(context.GetBearerToken()!, TokenRecheckInterval, stream);
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
