using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>A schema reference (Confluent's feature for schemas that import others); this registry accepts none.</summary>
public sealed record SchemaReference(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("version")] int? Version);
