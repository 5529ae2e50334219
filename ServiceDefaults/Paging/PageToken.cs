using System.Buffers.Text;
using System.Text;

namespace Deployteq.ServiceDefaults.Paging;

// Opaque page tokens: the position after the last item of a page, versioned so that the form can
// change without breaking callers that hold an old one.
public static class PageToken
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    // Longer than any token Encode makes; a longer one is refused before it is decoded.
    public const int MaxTokenLength = 64;
    private const string Version = "v1:";

    public static string Encode(long? position) =>
        position is { } value ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + value)) : "";

    // Position 0 for an empty token (the first page); false for one this service did not make.
    // Callers check it through RequestValidator.PageToken, with the rest of the request.
    public static bool TryDecode(string token, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        if (token.Length > MaxTokenLength)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(Version, StringComparison.Ordinal) && long.TryParse(text[Version.Length..], out position) && position >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static int Size(int requested) => requested == 0 ? DefaultPageSize : requested;
}
