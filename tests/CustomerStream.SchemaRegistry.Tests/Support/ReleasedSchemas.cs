using Avro;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>The released versions of the contract schemas (<c>contracts/schemas/released/&lt;FullName&gt;/v&lt;N&gt;.avsc</c>).</summary>
public static class ReleasedSchemas
{
    public static IReadOnlyList<int> VersionsOf(string fullName)
    {
        var folder = Path.Combine(ContractsFolder.Find("schemas"), "released", fullName);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "v*.avsc").Select(f => int.Parse(Path.GetFileNameWithoutExtension(f)[1..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList()
            : [];
    }

    public static string PathOf(string fullName, int version) => Path.Combine(ContractsFolder.Find("schemas"), "released", fullName, $"v{version}.avsc");

    public static RecordSchema Load(string fullName, int version) => (RecordSchema)Schema.Parse(File.ReadAllText(PathOf(fullName, version)));
}
