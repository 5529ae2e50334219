using YamlDotNet.RepresentationModel;

namespace Deployteq.EndToEnd.Tests;

// Reads published manifests with a YAML parser (kubectl's client-side dry run needs a cluster to
// ask for its API, so it cannot check them offline).
public static class Manifests
{
    public sealed record Document(string Kind, string Name, YamlMappingNode Root);

    public static IReadOnlyList<Document> Load(string directory) =>
        Directory.GetFiles(directory, "*.yaml")
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .SelectMany(LoadFile)
            .Select(root => new Document(Text(root["kind"]), Text(At(root, "metadata", "name")), root))
            .ToList();

    public static IEnumerable<YamlMappingNode> LoadFile(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(file);
        stream.Load(reader);
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode);
    }

    public static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current)[key]);

    public static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static YamlSequenceNode Sequence(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node)[key];

    public static YamlMappingNode Container(Document workload) =>
        (YamlMappingNode)Sequence(At(workload.Root, "spec", "template", "spec"), "containers").Single();

    // name → value, or "secret:<name>/<key>" for a secretKeyRef.
    public static Dictionary<string, string> Env(YamlMappingNode container) =>
        Sequence(container, "env").Cast<YamlMappingNode>().ToDictionary(
            entry => Text(entry["name"]),
            entry => entry.Children.ContainsKey("value") ? Text(entry["value"])
                : ((YamlMappingNode)entry["valueFrom"]).Children.ContainsKey("secretKeyRef")
                    ? $"secret:{Text(At(entry, "valueFrom", "secretKeyRef", "name"))}/{Text(At(entry, "valueFrom", "secretKeyRef", "key"))}"
                    : "field");
}
