using System.Buffers.Text;
using System.Text;
using Deployteq.DataModel.Model;

namespace Deployteq.DataModel.Grpc;

// Page tokens of lists ordered by name: the last name of the page, versioned like PageToken.
public static class NamePageToken
{
    private const string Version = "n1:";

    public static string Encode(string? name) =>
        name is null ? "" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + name));

    // "" for an empty token (the first page); false for one this service did not make.
    public static bool TryDecode(string token, out string name)
    {
        name = "";
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        if (token.Length > Limits.MaxPageTokenLength)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Version, StringComparison.Ordinal) && Limits.IsName(text[Version.Length..]))
            {
                name = text[Version.Length..];
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
