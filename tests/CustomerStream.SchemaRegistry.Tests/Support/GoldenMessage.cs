using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>A framed message (Confluent wire format) and the JSON its value decodes to.</summary>
public sealed record GoldenMessage(
    [property: JsonPropertyName("frame")] string Frame,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("description")] string Description);
