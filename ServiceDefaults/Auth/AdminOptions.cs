namespace Deployteq.ServiceDefaults.Auth;

public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    // The administrator key that may create portals, brands, users and tokens. No key: no
    // administration at all.
    public string? Key { get; set; }
}
