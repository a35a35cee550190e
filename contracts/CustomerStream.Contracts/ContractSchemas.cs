using System.Collections.Concurrent;
using System.Reflection;
using Avro;

namespace CustomerStream.Contracts;

/// <summary>
/// Loads the Avro schemas of the contracts from the <c>.avsc</c> files embedded in this assembly.
/// A top-level contract's schema is its own file; a nested record (e.g. <c>OrderFact</c> inside
/// <c>IdentityFact</c>) is found inside the file of the record that contains it.
/// </summary>
public static class ContractSchemas
{
    private const string ResourcePrefix = "schemas/";
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Sources = new(LoadSources);
    private static readonly ConcurrentDictionary<string, Schema> Parsed = new(StringComparer.Ordinal);

    /// <summary>Full names of the top-level schemas (one per <c>.avsc</c> file).</summary>
    public static IReadOnlyCollection<string> TopLevelNames => Sources.Value.Keys.ToList();

    /// <summary>The schema of the top-level contract type <typeparamref name="T"/>.</summary>
    public static RecordSchema For<T>() => For(typeof(T));

    /// <summary>The schema of a contract type, top-level or nested inside another contract's file.</summary>
    public static RecordSchema For(Type type) => (RecordSchema)Named(FullNameOf(type));

    /// <summary>A named type (record or enum) by full name, wherever it is defined in the contract files.</summary>
    public static NamedSchema Named(string fullName)
    {
        if (Sources.Value.ContainsKey(fullName))
        {
            return (NamedSchema)ByName(fullName);
        }

        foreach (var topLevel in Sources.Value.Keys)
        {
            if (Find(ByName(topLevel), fullName, []) is { } found)
            {
                return found;
            }
        }

        throw new KeyNotFoundException($"No contract schema defines '{fullName}'");
    }

    /// <summary>The Avro full name declared on <paramref name="type"/> with <see cref="AvroContractAttribute"/>.</summary>
    public static string FullNameOf(Type type) =>
        type.GetCustomAttribute<AvroContractAttribute>()?.FullName
        ?? throw new ArgumentException($"{type.FullName} has no [AvroContract] attribute", nameof(type));

    /// <summary>The schema of a top-level <c>.avsc</c> by its full name.</summary>
    public static Schema ByName(string fullName) =>
        Parsed.GetOrAdd(fullName, static name => Schema.Parse(JsonOf(name)));

    /// <summary>The JSON text of a top-level <c>.avsc</c>, exactly as in the repository.</summary>
    public static string JsonOf(string fullName) =>
        Sources.Value.TryGetValue(fullName, out var json)
            ? json
            : throw new KeyNotFoundException($"No contract schema named '{fullName}' (known: {string.Join(", ", Sources.Value.Keys)})");

    private static NamedSchema? Find(Schema schema, string fullName, HashSet<string> visited)
    {
        if (schema is NamedSchema named)
        {
            if (named.Fullname == fullName)
            {
                return named;
            }

            if (!visited.Add(named.Fullname))
            {
                return null;
            }
        }

        var children = schema switch
        {
            RecordSchema record => record.Fields.Select(f => f.Schema),
            UnionSchema union => union.Schemas,
            ArraySchema array => [array.ItemSchema],
            MapSchema map => [map.ValueSchema],
            _ => [],
        };
        foreach (var child in children)
        {
            if (Find(child, fullName, visited) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static Dictionary<string, string> LoadSources()
    {
        var assembly = typeof(ContractSchemas).Assembly;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var fileName = Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..]);
            result[fileName] = reader.ReadToEnd();
        }

        return result;
    }
}
