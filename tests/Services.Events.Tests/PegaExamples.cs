using System.Text.Json.Nodes;

namespace Deployteq.Events.Tests;

// The documented Pega payloads in shared/pega/examples, which sits beside the repository.
public static class PegaExamples
{
    public static string Directory
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Deployteq.Aspire.sln")))
                {
                    return Path.Combine(folder.Parent!.FullName, "shared", "pega", "examples");
                }
            }

            throw new DirectoryNotFoundException("No Deployteq.Aspire.sln above " + AppContext.BaseDirectory);
        }
    }

    public static IEnumerable<object[]> Names =>
        System.IO.Directory.GetFiles(Directory, "*.json").Order().Select(path => new object[] { Path.GetFileName(path) });

    // The one object each example's array holds.
    public static JsonObject Load(string name)
    {
        var array = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name)))!.AsArray();
        Assert.Single(array);
        return array[0]!.AsObject();
    }
}
