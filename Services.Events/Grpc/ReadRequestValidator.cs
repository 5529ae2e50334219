using Deployteq.Events.Model;
using Deployteq.Events.V1;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Streams;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace Deployteq.Events.Grpc;

// Shared checks of Subscribe and Export requests (limits: Model/Limits).
public static class ReadRequestValidator
{
    // 0001-01-01 to 9999-12-31, what google.protobuf.Timestamp allows.
    private const long MinSeconds = -62135596800;
    private const long MaxSeconds = 253402300799;

    public static void Metrics(RepeatedField<Metric> metrics, RequestValidator validator)
    {
        if (metrics.Count > Limits.MaxMetrics)
        {
            validator.Add("metrics", $"may hold at most {Limits.MaxMetrics} entries, not {metrics.Count}");
            return;
        }

        for (var index = 0; index < metrics.Count; index++)
        {
            validator.Check(metrics[index] != Metric.Unspecified && System.Enum.IsDefined(metrics[index]),
                $"metrics[{index}]", "is not a metric");
        }
    }

    public static bool Cursor(string text, string field, RequestValidator validator, out StreamCursor cursor)
    {
        var valid = StreamCursor.TryParse(text, out cursor);
        validator.Check(valid, field,
            $"must be a cursor this service gave out: <milliseconds>-<sequence>, two unsigned 64-bit numbers, at most {StreamCursor.MaxLength} characters");
        return valid;
    }

    public static bool Time(Timestamp? time, string field, RequestValidator validator)
    {
        var valid = time is not null && time.Seconds is >= MinSeconds and <= MaxSeconds && time.Nanos is >= 0 and < 1_000_000_000;
        validator.Check(valid, field, time is null ? "is required" : "is not a valid time");
        return valid;
    }
}
