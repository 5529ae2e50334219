using Deployteq.DataModel.Model;

namespace Deployteq.DataModel.Records;

// What became of one row of an upsert: the stored record, or why it was refused.
public sealed record RowResult(StoredRecord? Record, bool Created, IReadOnlyList<RowFailure> Failures)
{
    public static RowResult Refused(RowFailure failure) => new(null, false, [failure]);
}
