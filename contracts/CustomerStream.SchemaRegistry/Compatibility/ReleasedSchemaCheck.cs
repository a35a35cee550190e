using System.Globalization;
using System.Text.RegularExpressions;
using Avro;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>
/// The repository's schema-evolution gate: every <c>&lt;FullName&gt;.avsc</c> in a schemas directory must
/// be compatible with each of its released versions kept under
/// <c>released/&lt;FullName&gt;/v&lt;N&gt;.avsc</c> (BACKWARD against all of them by default, i.e. a
/// consumer on the current schema reads everything ever published). Returns one message per problem,
/// naming the files and fields and saying what to do; an empty list means the gate passes.
/// </summary>
public static partial class ReleasedSchemaCheck
{
    /// <summary>Checks <paramref name="schemasDirectory"/> (e.g. <c>contracts/schemas</c>).</summary>
    public static IReadOnlyList<string> Run(string schemasDirectory, CompatibilityLevel level = CompatibilityLevel.BackwardTransitive)
    {
        var problems = new List<string>();
        var releasedRoot = Path.Combine(schemasDirectory, "released");
        var current = new Dictionary<string, Schema>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(schemasDirectory, "*.avsc").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (Load(file, name, problems) is { } schema)
            {
                current[name] = schema;
            }
        }

        foreach (var (name, schema) in current)
        {
            var folder = Path.Combine(releasedRoot, name);
            var released = Directory.Exists(folder) ? LoadReleases(folder, name, problems) : [];
            if (released.Count == 0)
            {
                problems.Add($"{name}.avsc has no released version: copy it to released/{name}/v1.avsc when it is first published, so that later changes are checked against it.");
                continue;
            }

            var result = SchemaCompatibilityChecker.Check(level, schema, released);
            foreach (var violation in result.Violations)
            {
                problems.Add(
                    $"{name}.avsc is not {level.ToRestName()} compatible with released/{name}/v{violation.Version}.avsc: {violation.Incompatibility}. " +
                    "Give new fields a default and keep the types of existing ones, or publish the change as a new major version (a new topic and schema name).");
            }
        }

        if (Directory.Exists(releasedRoot))
        {
            foreach (var folder in Directory.EnumerateDirectories(releasedRoot).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (!current.ContainsKey(name) && !File.Exists(Path.Combine(schemasDirectory, name + ".avsc")))
                {
                    problems.Add($"released/{name} has no current {name}.avsc: a published contract may not disappear while consumers may still read it.");
                }
            }
        }

        return problems;
    }

    private static List<(int Version, Schema Schema)> LoadReleases(string folder, string name, List<string> problems)
    {
        var releases = new List<(int, Schema)>();
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var match = VersionFile().Match(Path.GetFileName(file));
            if (!match.Success)
            {
                problems.Add($"released/{name}/{Path.GetFileName(file)} is not named v<N>.avsc.");
                continue;
            }

            if (Load(file, name, problems) is { } schema)
            {
                releases.Add((int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), schema));
            }
        }

        var versions = releases.Select(r => r.Item1).Order().ToList();
        if (versions.Count > 0 && !versions.SequenceEqual(Enumerable.Range(1, versions.Count)))
        {
            problems.Add($"released/{name} holds versions {string.Join(", ", versions.Select(v => $"v{v}"))}; they must run v1, v2, … without gaps.");
        }

        return releases;
    }

    private static Schema? Load(string file, string expectedName, List<string> problems)
    {
        var shown = Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(file)!)!, file);
        try
        {
            var schema = Schema.Parse(File.ReadAllText(file));
            if (schema is not NamedSchema named || named.Fullname != expectedName)
            {
                problems.Add($"{shown} defines {(schema as NamedSchema)?.Fullname ?? schema?.Tag.ToString() ?? "nothing"}, but its name says {expectedName}.");
                return null;
            }

            AvroCodec.ValidateDefaults(schema);
            return schema;
        }
        catch (Exception e) when (e is SchemaParseException or AvroException or AvroMappingException or Newtonsoft.Json.JsonException)
        {
            problems.Add($"{shown} is not a valid Avro schema: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex("^v([1-9][0-9]*)\\.avsc$")]
    private static partial Regex VersionFile();
}
