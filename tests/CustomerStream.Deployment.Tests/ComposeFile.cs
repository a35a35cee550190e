using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// docker-compose.yml as Docker Compose reads it: anchors merged, <c>${VAR}</c>, <c>${VAR:-default}</c> and
/// <c>${VAR:?message}</c> interpolated from the given variables (what an operator's <c>.env</c> holds).
/// </summary>
internal sealed partial class ComposeFile
{
    private readonly YamlMappingNode _root;

    public ComposeFile(string text) => _root = YamlNodes.Documents(text).Single();

    public static ComposeFile FromRepository() => new(RepositoryFiles.Read("docker-compose.yml"));

    public YamlNode? Service(string name) => _root.Get("services", name);

    public IEnumerable<string> ServiceNames => _root.Entries("services").Select(e => e.Key);

    /// <summary>Names of the variables the file requires (<c>${VAR:?...}</c>).</summary>
    public IReadOnlySet<string> RequiredVariables(string text) =>
        Interpolation().Matches(text).Where(m => m.Groups[2].Value == ":?").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The service's <c>environment</c>, interpolated.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service, IReadOnlyDictionary<string, string> variables)
    {
        var node = Service(service) ?? throw new ArgumentException($"no service {service}");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Entries("environment"))
        {
            environment[key] = Interpolate(((YamlScalarNode)value).Value ?? "", variables);
        }

        foreach (var item in node.Items("environment").OfType<YamlScalarNode>())
        {
            var parts = item.Value!.Split('=', 2);
            environment[parts[0]] = Interpolate(parts.Length > 1 ? parts[1] : "", variables);
        }

        return environment;
    }

    /// <summary>Named volumes mounted into the service: (volume, container path).</summary>
    public IEnumerable<(string Volume, string Path)> NamedVolumes(string service) =>
        Service(service).Items("volumes").OfType<YamlScalarNode>()
            .Select(v => v.Value!.Split(':'))
            .Where(p => p.Length >= 2 && !p[0].StartsWith('.') && !p[0].StartsWith('/'))
            .Select(p => (p[0], p[1]));

    /// <summary>Container ports the service publishes (<c>"host:container"</c>).</summary>
    public IEnumerable<int> ContainerPorts(string service) =>
        Service(service).Items("ports").OfType<YamlScalarNode>().Select(p => int.Parse(p.Value!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture));

    private static string Interpolate(string value, IReadOnlyDictionary<string, string> variables) =>
        Interpolation().Replace(value, m =>
        {
            var name = m.Groups[1].Value;
            var has = variables.TryGetValue(name, out var set) && set.Length > 0;
            return m.Groups[2].Value switch
            {
                ":?" when !has => throw new InvalidOperationException($"docker compose would refuse to start: {m.Groups[3].Value}"),
                ":-" when !has => m.Groups[3].Value,
                _ => has ? set! : "",
            };
        });

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:\?|:-)([^}]*))?\}")]
    private static partial Regex Interpolation();
}
