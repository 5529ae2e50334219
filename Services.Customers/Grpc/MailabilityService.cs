using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

[RequireScope(Scopes.Mailability)]
public sealed partial class MailabilityService(ICustomerStore store) : V1.Mailability.MailabilityBase
{
    public override async Task<MailabilityState> GetMailability(CustomerRef request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.CustomerId, "customer_id").ThrowIfInvalid();
        var record = await store.GetAsync(context.GetCaller().BrandId, request.CustomerId)
            ?? throw Problems.NotFound("No such customer in this brand.");
        return record.Mailability.ToProto(record.Id);
    }

    public override Task<MailabilityState> RecordBounce(RecordBounceRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Positive(request.CustomerId, "customer_id")
            .Check(request.Type is BounceType.Hard or BounceType.Soft, "type", "must be BOUNCE_TYPE_HARD or BOUNCE_TYPE_SOFT")
            .ActivityUuid(request.ActivityUuid)
            .ThrowIfInvalid();
        var mailabilityEvent = request.Type == BounceType.Hard ? MailabilityEvent.HardBounce : MailabilityEvent.SoftBounce;
        return RecordAsync(request.CustomerId, mailabilityEvent, request.ActivityUuid, context);
    }

    public override Task<MailabilityState> RecordEngagement(CustomerRef request, ServerCallContext context) =>
        RecordAsync(request, MailabilityEvent.Engagement, context);

    public override Task<MailabilityState> RecordComplaint(RecordComplaintRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.CustomerId, "customer_id").ActivityUuid(request.ActivityUuid).ThrowIfInvalid();
        return RecordAsync(request.CustomerId, MailabilityEvent.Complaint, request.ActivityUuid, context);
    }

    public override Task<MailabilityState> RecordUnsubscribe(CustomerRef request, ServerCallContext context) =>
        RecordAsync(request, MailabilityEvent.Unsubscribe, context);

    private Task<MailabilityState> RecordAsync(CustomerRef request, MailabilityEvent mailabilityEvent, ServerCallContext context)
    {
        new RequestValidator().Positive(request.CustomerId, "customer_id").ThrowIfInvalid();
        return RecordAsync(request.CustomerId, mailabilityEvent, activityUuid: "", context);
    }

    private async Task<MailabilityState> RecordAsync(long customerId, MailabilityEvent mailabilityEvent, string activityUuid, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var record = await store.RecordMailabilityAsync(
            caller.BrandId, customerId, mailabilityEvent, activityUuid.ToLowerInvariant(), caller.ToActor());
        return record.Mailability.ToProto(record.Id);
    }
}
