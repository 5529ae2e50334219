using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.Customers.Grpc;

public static class MailabilityRules
{
    public static RequestValidator ActivityUuid(this RequestValidator validator, string activityUuid) =>
        validator.Check(activityUuid.Length == 0 || Guid.TryParseExact(activityUuid, "D", out _), "activity_uuid", "must be empty or a UUID");
}
