using System.Buffers.Text;
using System.Text;
using Deployteq.ServiceDefaults.Errors;

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

    // 0 for an empty token (the first page); INVALID_ARGUMENT for one this service did not make.
    public static long Decode(string token, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        if (token.Length > MaxTokenLength)
        {
            throw RequestValidator.Invalid(field, "is not a page token of this list");
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Version, StringComparison.Ordinal) && long.TryParse(text[Version.Length..], out var position) && position >= 0)
            {
                return position;
            }
        }
        catch (FormatException)
        {
        }

        throw RequestValidator.Invalid(field, "is not a page token of this list");
    }

    public static int Size(int requested) => requested == 0 ? DefaultPageSize : requested;
}
