using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Confluent's error body.</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message);
