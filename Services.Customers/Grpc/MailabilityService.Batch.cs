using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Google.Rpc;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

public sealed partial class MailabilityService
{
    public override async Task<RecordMailabilityEventsResponse> RecordMailabilityEvents(RecordMailabilityEventsRequest request, ServerCallContext context)
    {
        var events = request.Events;
        var validator = new RequestValidator();
        if (events.Count is 0 or > BatchRules.MaxItems)
        {
            validator.Add("events", $"must hold 1 to {BatchRules.MaxItems} events, not {events.Count}");
        }

        for (var index = 0; index < events.Count && events.Count <= BatchRules.MaxItems; index++)
        {
            var item = events[index];
            var path = $"events[{index}].";
            validator
                .Positive(item.CustomerId, path + "customer_id")
                .Check(ToEvent(item.Kind) is not null, path + "kind", "must be one of hard bounce, soft bounce, complaint, engagement, unsubscribe")
                .Check(item.ActivityUuid.Length == 0 || Guid.TryParseExact(item.ActivityUuid, "D", out _), path + "activity_uuid", "must be empty or a UUID");
        }

        validator.ThrowIfInvalid();

        var caller = context.GetCaller();
        var items = events
            .Select(item => new MailabilityBatchItem(item.CustomerId, ToEvent(item.Kind)!.Value, item.ActivityUuid.ToLowerInvariant()))
            .ToList();
        var result = await store.RecordMailabilityEventsAsync(caller.BrandId, items, caller.ToActor());
        if (result.MissingCustomers.Count > 0)
        {
            throw Problems.ForFields(Code.NotFound, "No such customer in this brand", result.MissingCustomers
                .Select(index => new BadRequest.Types.FieldViolation
                {
                    Field = $"events[{index}].customer_id",
                    Description = $"no customer {items[index].CustomerId} in this brand",
                }));
        }

        return new RecordMailabilityEventsResponse
        {
            States = { result.Counts.Select((counts, index) => counts.ToProto(items[index].CustomerId)) },
        };
    }

    private static MailabilityEvent? ToEvent(MailabilityEventKind kind) => kind switch
    {
        MailabilityEventKind.HardBounce => MailabilityEvent.HardBounce,
        MailabilityEventKind.SoftBounce => MailabilityEvent.SoftBounce,
        MailabilityEventKind.Complaint => MailabilityEvent.Complaint,
        MailabilityEventKind.Engagement => MailabilityEvent.Engagement,
        MailabilityEventKind.Unsubscribe => MailabilityEvent.Unsubscribe,
        _ => null,
    };
}
