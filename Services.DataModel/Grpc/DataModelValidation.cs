using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.DataModel.Grpc;

// The checks of names, keys and times that several calls share, on top of RequestValidator.
public static class DataModelValidation
{
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, the range RFC 3339 can write.
    public const long MinTimestampSeconds = -62_135_596_800;
    public const long MaxTimestampSeconds = 253_402_300_799;

    public static RequestValidator Name(this RequestValidator validator, string value, string field) =>
        value.Length == 0
            ? validator.Add(field, "is required")
            : validator.Check(Limits.IsName(value), field, $"must be 1 to {Limits.MaxNameLength} characters of [a-z][a-z0-9_]*, not {Limits.Quote(value)}");

    public static RequestValidator Key(this RequestValidator validator, string value, string field) =>
        value.Length == 0
            ? validator.Add(field, "is required")
            : validator.Check(Limits.IsKey(value), field, $"must be 1 to {Limits.MaxKeyLength} characters of A-Z a-z 0-9 . _ - : @ + ~, not {Limits.Quote(value)}");

    public static bool IsValidTimestamp(Timestamp value) =>
        value.Seconds is >= MinTimestampSeconds and <= MaxTimestampSeconds && value.Nanos is >= 0 and <= 999_999_999;
}
