using System.Security.Cryptography;
using System.Text.Json;

namespace Deployteq.AppHost.Demo;

// What the first run seeded, kept beside Redis's data (.apphost/demo.json) so later runs reuse
// the brand, its token and the stand-in's credentials, which the installation holds.
public sealed class DemoState
{
    public string StandInPassword { get; set; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public long BrandId { get; set; }

    public string? Token { get; set; }

    public long CustomerId { get; set; }

    public long InstallationId { get; set; }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "demo.json");

    public static DemoState Load(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path) && JsonSerializer.Deserialize<DemoState>(File.ReadAllText(path)) is { } state)
        {
            return state;
        }

        var fresh = new DemoState();
        fresh.Save(dataDirectory);
        return fresh;
    }

    public void Save(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        File.WriteAllText(path, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            // It holds a token: the developer's eyes only.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
