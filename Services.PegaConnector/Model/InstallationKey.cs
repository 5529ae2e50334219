namespace Deployteq.PegaConnector.Model;

public readonly record struct InstallationKey(long BrandId, long InstallationId)
{
    public override string ToString() => $"{BrandId}:{InstallationId}";

    public static bool TryParse(string text, out InstallationKey key)
    {
        key = default;
        var parts = text.Split(':');
        if (parts.Length == 2 && long.TryParse(parts[0], out var brand) && long.TryParse(parts[1], out var id))
        {
            key = new InstallationKey(brand, id);
            return true;
        }

        return false;
    }
}
