using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>One topic's value schema at one released version, the id its golden frames carry, and the messages.</summary>
public sealed record GoldenSchema(
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("record")] string Record,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schema_id")] int SchemaId,
    [property: JsonPropertyName("messages")] IReadOnlyList<GoldenMessage> Messages);
