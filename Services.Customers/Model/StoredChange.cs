using Deployteq.ServiceDefaults.Streams;

namespace Deployteq.Customers.Model;

// One entry of a brand's change feed.
public sealed record StoredChange(
    StreamCursor Position, long CustomerId, ChangeKind Kind, IReadOnlyList<string> ChangedFields, DateTimeOffset Time, long ApiUserId) : IStreamEntry;
