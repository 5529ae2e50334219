using System.Buffers.Text;
using System.Text;

namespace Deployteq.ServiceDefaults.Paging;

// The form of every page token: base64url of "<version><body>". Callers see an opaque string, and
// a list can change what its body holds under a new version without breaking tokens in flight.
public static class VersionedToken
{
    public static string Encode(string version, string body) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(version + body));

    // The body of a token of this version; false for one longer than maxLength (refused before it
    // is decoded) or one that this version did not make.
    public static bool TryDecode(string token, string version, int maxLength, out string body)
    {
        body = "";
        if (token.Length > maxLength)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (!text.StartsWith(version, StringComparison.Ordinal))
            {
                return false;
            }

            body = text[version.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
