using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary><c>contracts/golden/manifest.json</c>: for each public topic and released schema version, its golden messages.</summary>
public sealed record GoldenManifest(
    [property: JsonPropertyName("wire_format")] string WireFormat,
    [property: JsonPropertyName("schemas")] IReadOnlyList<GoldenSchema> Schemas)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string FileName = "manifest.json";

    public static GoldenManifest Load(string folder) =>
        JsonSerializer.Deserialize<GoldenManifest>(File.ReadAllText(Path.Combine(folder, FileName)), Json)
        ?? throw new InvalidDataException($"{FileName} is empty");

    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    public static string Serialize(System.Text.Json.Nodes.JsonNode? node) => (node?.ToJsonString(Json) ?? "null") + "\n";
}
