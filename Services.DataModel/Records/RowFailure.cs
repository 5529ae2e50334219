using Google.Rpc;

namespace Deployteq.DataModel.Records;

// Why one row was refused: its status, the offending field (relative to the record), the reason.
public sealed record RowFailure(Code Code, string Field, string Reason);
