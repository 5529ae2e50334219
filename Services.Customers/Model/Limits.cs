namespace Deployteq.Customers.Model;

// The limits that customers.proto and admin.proto write down, in one place: the validators check
// each request against them, and the stores check what is stored (a customer's field count, a
// brand's groups, API users and tokens) in the same atomic step as the write.
public static class Limits
{
    public const int MaxCustomFields = 100;
    public const int MaxFieldNameLength = 64;
    public const int MaxFieldValueLength = 4096;
    public const int MaxExternalIdLength = 255;

    // email_address, external_id and fields, and 100 fields removed by name beside 100 set.
    public const int MaxUpdateMaskPaths = 2 * MaxCustomFields + 3;

    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 200;
    public const int MaxScopesPerToken = 16;

    public const int MaxGroupsPerBrand = 1000;
    public const int MaxMembersPerCall = 1000;
    public const int MaxApiUsersPerBrand = 100;

    // Revoked and expired tokens included: ListTokens shows them all.
    public const int MaxTokensPerBrand = 1000;
}
