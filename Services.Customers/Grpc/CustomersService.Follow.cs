using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Streams;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

public sealed partial class CustomersService
{
    private const int MaxFollowerLength = 64;

    // A follower of the feed (DataModel) says what it has applied; see FollowerLeases.
    [AdmitInternalKey]
    public override async Task<AcknowledgeCustomerChangesResponse> AcknowledgeCustomerChanges(
        AcknowledgeCustomerChangesRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Check(request.Follower.Length is > 0 and <= MaxFollowerLength && request.Follower.All(IsFollowerCharacter),
                "follower", $"must be 1 to {MaxFollowerLength} characters of [A-Za-z0-9._:-]")
            .Check(StreamCursor.TryParse(request.Cursor, out var applied), "cursor",
                $"must be a cursor this service gave out (<milliseconds>-<sequence>, at most {StreamCursor.MaxLength} characters)");
        var brandId = await FeedBrandAsync(request.BrandId, validator, context);
        var lease = await followers.AcknowledgeAsync(brandId, request.Follower, applied);
        return new AcknowledgeCustomerChangesResponse
        {
            Lease = Duration.FromTimeSpan(lease.Lease),
            Current = lease.Current,
            Continued = lease.Continued,
        };
    }

    private static bool IsFollowerCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';
}
