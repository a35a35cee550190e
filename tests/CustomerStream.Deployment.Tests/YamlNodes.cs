using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CustomerStream.Deployment.Tests;

/// <summary>Small helpers over YamlDotNet's representation model.</summary>
internal static class YamlNodes
{
    /// <summary>Every document of <paramref name="text"/>, with <c>&lt;&lt;: *anchor</c> merge keys resolved.</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static YamlNode? Get(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlMappingNode mapping
            ? mapping.Children.Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value!, c.Value))
            : [];
}
