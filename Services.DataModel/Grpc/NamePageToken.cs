using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Paging;

namespace Deployteq.DataModel.Grpc;

// Page tokens of lists ordered by name: the last name of the page, versioned like PageToken.
public static class NamePageToken
{
    private const string Version = "n1:";

    public static string Encode(string? name) =>
        name is null ? "" : VersionedToken.Encode(Version, name);

    // "" for an empty token (the first page); false for one this service did not make.
    public static bool TryDecode(string token, out string name)
    {
        name = "";
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        if (!VersionedToken.TryDecode(token, Version, Limits.MaxPageTokenLength, out var body) || !Limits.IsName(body))
        {
            return false;
        }

        name = body;
        return true;
    }
}
