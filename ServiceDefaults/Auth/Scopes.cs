namespace Deployteq.ServiceDefaults.Auth;

// What a token may do. A token created without scopes gets All.
public static class Scopes
{
    public const string Customers = "customers";
    public const string Mailability = "mailability";
    public const string EventsEmit = "events.emit";
    public const string EventsRead = "events.read";
    public const string DataModel = "datamodel";

    public static readonly IReadOnlyList<string> All = [Customers, Mailability, EventsEmit, EventsRead, DataModel];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
