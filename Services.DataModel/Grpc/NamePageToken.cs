using System.Buffers.Text;
using System.Text;
using Deployteq.DataModel.Model;
using Deployteq.ServiceDefaults.Errors;

namespace Deployteq.DataModel.Grpc;

// Page tokens of lists ordered by name: the last name of the page, versioned like PageToken.
public static class NamePageToken
{
    private const string Version = "n1:";

    public static string Encode(string? name) =>
        name is null ? "" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + name));

    public static string Decode(string token, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return "";
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Version, StringComparison.Ordinal) && Limits.IsName(text[Version.Length..]))
            {
                return text[Version.Length..];
            }
        }
        catch (FormatException)
        {
        }

        throw RequestValidator.Invalid(field, "is not a page token of this list");
    }
}
