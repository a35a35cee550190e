using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>One version of a subject (<c>GET /subjects/{s}/versions/{v}</c>, <c>POST /subjects/{s}</c>).</summary>
public sealed record SubjectVersionResponse(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SchemaType = null);
