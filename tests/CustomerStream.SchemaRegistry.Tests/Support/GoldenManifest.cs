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

/// <summary>One topic's value schema at one released version, the id its golden frames carry, and the messages.</summary>
public sealed record GoldenSchema(
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("record")] string Record,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schema_id")] int SchemaId,
    [property: JsonPropertyName("messages")] IReadOnlyList<GoldenMessage> Messages);

/// <summary>A framed message (Confluent wire format) and the JSON its value decodes to.</summary>
public sealed record GoldenMessage(
    [property: JsonPropertyName("frame")] string Frame,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("description")] string Description);
