namespace Deployteq.ServiceDefaults.Auth;

// Who is calling: the brand a token gives access to, and the API user it belongs to.
public sealed record CallerIdentity(
    long BrandId,
    string BrandName,
    long PortalId,
    string PortalName,
    long ApiUserId,
    string ApiUserName,
    long TokenId,
    IReadOnlyList<string> Scopes)
{
    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}
