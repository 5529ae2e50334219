using System.Globalization;

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
        position is { } value ? VersionedToken.Encode(Version, value.ToString(CultureInfo.InvariantCulture)) : "";

    // Position 0 for an empty token (the first page); false for one this service did not make.
    // Callers check it through RequestValidator.PageToken, with the rest of the request.
    public static bool TryDecode(string token, out long position)
    {
        position = 0;
        return string.IsNullOrEmpty(token)
            || (VersionedToken.TryDecode(token, Version, MaxTokenLength, out var body) && long.TryParse(body, out position) && position >= 0);
    }

    public static int Size(int requested) => requested == 0 ? DefaultPageSize : requested;
}
