using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Answer to <c>GET /schemas/ids/{id}</c>.</summary>
public sealed record SchemaByIdResponse(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SchemaType = null);
