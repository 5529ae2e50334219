using Grpc.Core;

namespace Deployteq.ServiceDefaults.Auth;

public static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static string? From(Metadata headers) => FromHeader(headers.GetValue("authorization"));

    // The token of an authorization header's value, or null when it holds none.
    public static string? FromHeader(string? value)
    {
        if (value is null || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = value[Prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    public static Metadata Header(string token) => new() { { "authorization", Prefix + token } };
}
