namespace Deployteq.TestSupport;

// Values at the size limits, in three-byte UTF-8 characters (the euro sign), so that a few items
// pass the 4 MiB a gRPC client accepts by default.
public static class LargeValues
{
    // A customer's most: 100 custom fields of 4,096 characters, about 1.2 MB.
    public static Dictionary<string, string> CustomFields() =>
        Enumerable.Range(0, 100).ToDictionary(i => $"f{i}", _ => Text(4096));

    public static string Text(int length) => new('\u20AC', length);
}
