namespace Deployteq.ServiceDefaults.Auth;

// What a token may do. A token created without scopes gets All.
public static class Scopes
{
    public const string Customers = "customers";
    public const string Mailability = "mailability";
    public const string EventsEmit = "events.emit";
    public const string EventsRead = "events.read";
    public const string DataModel = "datamodel";

    // Manage Pega installations; lets Customers create and revoke connector read tokens.
    public const string Pega = "pega";

    public static readonly IReadOnlyList<string> All = [Customers, Mailability, EventsEmit, EventsRead, DataModel, Pega];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
