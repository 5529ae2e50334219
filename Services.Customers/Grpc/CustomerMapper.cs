using Deployteq.Customers.Model;
using Deployteq.Customers.V1;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Customers.Grpc;

public static class CustomerMapper
{
    public static Customer ToProto(this CustomerRecord record) => new()
    {
        Id = record.Id,
        EmailAddress = record.EmailAddress,
        ExternalId = record.ExternalId,
        Fields = { record.Fields.ToDictionary() },
        Mailability = record.Mailability.ToProto(record.Id),
        CreateTime = Timestamp.FromDateTimeOffset(record.Created),
        UpdateTime = Timestamp.FromDateTimeOffset(record.Updated),
    };

    public static MailabilityState ToProto(this MailabilityCounts counts, long customerId) => new()
    {
        CustomerId = customerId,
        HardBounceCount = counts.HardBounces,
        SoftBounceCount = counts.SoftBounces,
        ComplaintCount = counts.Complaints,
        Unsubscribed = counts.Unsubscribed,
        Mailable = counts.Mailable,
    };

    public static HistoryEntry ToProto(this HistoryRecord record) => new()
    {
        Time = Timestamp.FromDateTimeOffset(record.Time),
        ApiUserId = record.ApiUserId,
        ApiUserName = record.ApiUserName,
        Action = record.Action,
        ChangedFields = { record.ChangedFields },
    };

    public static Group ToProto(this GroupRecord record) => new()
    {
        Id = record.Id,
        Name = record.Name,
        MemberCount = record.MemberCount,
        CreateTime = Timestamp.FromDateTimeOffset(record.Created),
    };
}
