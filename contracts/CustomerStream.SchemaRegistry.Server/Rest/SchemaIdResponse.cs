using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Answer to a registration: the schema's global id.</summary>
public sealed record SchemaIdResponse([property: JsonPropertyName("id")] int Id);
